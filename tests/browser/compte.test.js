/*
 * compte.test.js — "Mes réservations dans mon agenda" on Mon compte, in a
 * real browser (see harness.js): a parent creates the calendar link with
 * the keyboard, copies it, a calendar reads it without any cookie
 * (text/calendar), the page no longer shows it once reloaded, and the
 * parent revokes it: the address then answers 404. At 360 pixels wide
 * too; axe-core checks the page in each state.
 */
'use strict';

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');

const { Portal } = require('./harness.js');

const portal = new Portal();

/* Text as read: runs of white space (no-break spaces included) as one space. */
function text(s) {
	return (s || '').replace(/\s+/g, ' ').trim();
}

async function sectionText(page) {
	return text(await page.locator('[data-agenda]').textContent());
}

describe('the calendar link of Mon compte', () => {
	before(async () => {
		await portal.start();
	});

	after(async () => {
		await portal.stop();
	});

	it('a parent creates the link, copies it, a calendar reads it, the parent revokes it', async () => {
		const family = portal.newFamily('Garnier', 'Inès');
		const page = await portal.newPage({ viewport: { width: 360, height: 800 } });
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'],
			{ origin: portal.baseURL });
		await portal.visit(page, '/connexion.html');
		await Portal.logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');

		await portal.visit(page, '/compte.html');
		await page.getByRole('heading', { name: 'Mes réservations dans mon agenda' }).waitFor();
		assert.match(await sectionText(page), /Vous n’avez pas de lien d’agenda actif\./);
		assert.equal(await page.getByRole('button', { name: 'Désactiver le lien' }).count(), 0);
		await Portal.assertFits(page, 360);

		/* Created with the keyboard: the link shown once, to copy. */
		await page.getByRole('button', { name: 'Créer mon lien d’agenda' }).focus();
		await page.keyboard.press('Enter');
		await page.getByText('Votre lien est prêt. Copiez-le maintenant', { exact: false }).waitFor();
		const field = page.getByLabel('Votre lien d’agenda');
		const url = await field.inputValue();
		assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/ical\/[A-Za-z0-9_-]{59}\.ics$/);
		assert.match(await sectionText(page), /Un lien d’agenda est actif depuis le /);
		await portal.axe(page, 'mon compte, lien d’agenda créé');
		await Portal.assertFits(page, 360);
		await page.getByRole('button', { name: 'Copier le lien' }).click();
		await page.getByText('Le lien est copié. Collez-le dans votre agenda.').waitFor();
		assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

		/* A calendar reads it, without any cookie. */
		const path = new URL(url).pathname;
		let res = await fetch(portal.baseURL + path);
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
		const body = await res.text();
		assert.match(body, /^BEGIN:VCALENDAR\r\n/);
		assert.match(body, /X-WR-CALNAME:Réservations – famille Garnier\r\n/);

		/* Once the page is left, the link is not shown again. */
		await portal.visit(page, '/compte.html');
		assert.equal(await page.getByLabel('Votre lien d’agenda').isVisible(), false);
		assert.ok(!(await sectionText(page)).includes(path));
		assert.match(await sectionText(page), /Un lien d’agenda est actif depuis le /);
		await page.getByRole('button', { name: 'Créer un nouveau lien' }).waitFor();

		/* Revoked, after the parent confirms: the address is gone. */
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: 'Désactiver le lien' }).click();
		await page.getByText('Votre lien d’agenda est désactivé', { exact: false }).waitFor();
		assert.match(await sectionText(page), /Vous n’avez pas de lien d’agenda actif\./);
		await portal.axe(page, 'mon compte, lien d’agenda désactivé');
		res = await fetch(portal.baseURL + path);
		assert.equal(res.status, 404);
		Portal.assertClean(page);
	});
});
