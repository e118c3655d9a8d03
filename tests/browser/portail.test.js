/*
 * portail.test.js — the parent portal in a real browser: the demo parent's
 * visit of every rubrique, a wrong password, the first login with a
 * one-time code, the login form with the keyboard only, and every page at
 * 360 pixels wide. axe-core checks every page visited (see harness.js).
 */
'use strict';

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');

const { Portal, DEMO, accessibleDescription, frenchDate } = require('./harness.js');

const RUBRIQUES = [
	{ path: '/tableau-de-bord.html', link: 'Tableau de bord', h1: 'Tableau de bord' },
	{ path: '/famille.html', link: 'Ma famille', h1: 'Ma famille' },
	{ path: '/coordonnees.html', link: 'Mes coordonnées', h1: 'Mes coordonnées' },
	{ path: '/inscriptions.html', link: 'Inscriptions et réservations', h1: 'Inscriptions et réservations' },
	{ path: '/reservations.html', link: 'Mes réservations', h1: 'Mes réservations' },
	{ path: '/compte.html', link: 'Mon compte, bientôt disponible', h1: 'Mon compte' },
];

const portal = new Portal();

/* Fill the login form through its labels and submit it with the button. */
async function logIn(page, email, password) {
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function h1(page) {
	const all = await page.locator('h1').allTextContents();
	assert.equal(all.length, 1, `one h1 expected on ${page.url()}, found ${all.length}`);
	return all[0].trim();
}

/* The parts of the page every screen shares: lang, title, landmarks. */
async function checkStructure(page) {
	assert.equal(await page.getAttribute('html', 'lang'), 'fr');
	assert.match(await page.title(), /Portail Famille/);
	for (const role of ['banner', 'main', 'contentinfo'])
		assert.equal(await page.getByRole(role).count(), 1, `one ${role} landmark on ${page.url()}`);
	const skip = page.getByRole('link', { name: 'Aller au contenu' });
	assert.equal(await skip.getAttribute('href'), '#contenu');
}

describe('parent portal in the browser', () => {
	before(async () => {
		await portal.start();
	});

	after(async () => {
		await portal.stop();
	});

	it('the demo parent logs in, visits every rubrique and logs out', async () => {
		const page = await portal.newPage();

		/* Not logged in: the home page and a rubrique both lead to the login page. */
		await portal.visit(page, '/', '/connexion.html');
		await checkStructure(page);
		assert.equal(await h1(page), 'Connexion à votre espace');
		assert.equal(await page.getByLabel('Adresse e-mail').getAttribute('autocomplete'), 'username');
		assert.equal(await page.getByLabel('Mot de passe', { exact: true }).getAttribute('autocomplete'),
			'current-password');
		await portal.visit(page, '/famille.html', '/connexion.html');

		await logIn(page, DEMO.email, DEMO.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord');
		await checkStructure(page);
		assert.equal(await h1(page), 'Tableau de bord');
		const me = await (await page.request.get('/api/v1/me')).json();
		const name = `${me.guardian.first_name} ${me.guardian.last_name}`;
		assert.equal(name, 'Camille Lambert');
		await page.locator('main').getByText(name, { exact: true }).waitFor();
		await page.getByRole('banner').getByText(name).waitFor();
		await page.screenshot({ path: Portal.screenshotPath('tableau-de-bord'), fullPage: true });

		/* Logged in, the home page leads to the dashboard. */
		await portal.visit(page, '/', '/tableau-de-bord.html');

		/* Every rubrique through the navigation, with aria-current on the right link. */
		const nav = page.getByRole('navigation', { name: 'Rubriques' });
		assert.deepEqual((await nav.getByRole('link').allTextContents()).map((s) => s.trim()),
			RUBRIQUES.map((r) => r.link));
		for (const r of RUBRIQUES) {
			/* The accessible name of a link marked "bientôt disponible" may
			 * have a space before its comma. */
			const name = new RegExp(`^${r.link.replace(', ', '\\s*,\\s*')}$`);
			await nav.getByRole('link', { name }).click();
			await Portal.settled(page, r.path);
			await portal.axe(page, r.path);
			await checkStructure(page);
			assert.equal(await h1(page), r.h1);
			const current = await nav.locator('[aria-current="page"]').allTextContents();
			assert.deepEqual(current.map((s) => s.trim()), [r.link]);
			Portal.assertClean(page);
		}

		/* Ma famille lists the demo children with their birth dates in French. */
		await portal.visit(page, '/famille.html');
		assert.ok(me.family.children.length >= 2, 'the demo family has children');
		const cards = page.getByRole('list').filter({ has: page.getByRole('heading', { level: 3 }) }).first();
		for (const child of me.family.children) {
			const card = cards.getByRole('listitem').filter({
				has: page.getByRole('heading', { name: `${child.first_name} ${child.last_name}` }),
			});
			assert.equal(await card.count(), 1, `a card for ${child.first_name}`);
			await card.getByText(frenchDate(child.birth_date)).waitFor();
			assert.equal(await card.locator('time').getAttribute('datetime'), child.birth_date);
		}
		await page.getByText('Léa Lambert').waitFor();
		await page.getByText('14 mars 2017').waitFor();
		await page.getByText(/ajouter un enfant/i).waitFor();

		/* Mes coordonnées shows the details, and says the email is the service's to change. */
		await portal.visit(page, '/coordonnees.html');
		const main = page.getByRole('main');
		await main.getByText(me.guardian.email, { exact: true }).waitFor();
		/* The phone in pairs of digits: 0612345678 reads 06 12 34 56 78. */
		assert.match(me.guardian.phone, /^\d{10}$/);
		await main.getByText(me.guardian.phone.replace(/(\d{2})(?=\d)/g, '$1 '), { exact: true }).waitFor();
		await main.getByText(/seul le service peut la modifier/).waitFor();

		/* The rubrique not built yet says so plainly. */
		await portal.visit(page, '/compte.html');
		await page.getByText('Cette rubrique n’est pas encore disponible.').waitFor();

		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await Portal.settled(page, '/connexion.html');
		await portal.axe(page, 'connexion après déconnexion');
		await page.getByRole('status').getByText(/Déconnexion effectuée/).waitFor();
		const after = await page.request.get('/api/v1/me');
		assert.equal(after.status(), 401, 'the session is over');
		await portal.visit(page, '/tableau-de-bord.html', '/connexion.html');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('fits a 360-pixel-wide phone, menu included', async () => {
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		const fits = () => Portal.assertFits(page, 360);
		await portal.visit(page, '/connexion.html');
		await fits();
		await page.screenshot({ path: Portal.screenshotPath('connexion-360'), fullPage: true });
		await logIn(page, DEMO.email, DEMO.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord à 360 px');
		await fits();
		await page.screenshot({ path: Portal.screenshotPath('tableau-de-bord-360'), fullPage: true });

		/* The navigation sits behind a "Menu" button that says whether it is open. */
		const menu = page.getByRole('button', { name: 'Menu' });
		const nav = page.getByRole('navigation', { name: 'Rubriques' });
		assert.equal(await menu.getAttribute('aria-expanded'), 'false');
		assert.equal(await nav.isVisible(), false);
		await menu.click();
		assert.equal(await menu.getAttribute('aria-expanded'), 'true');
		await nav.getByRole('link', { name: 'Ma famille' }).waitFor();
		await portal.axe(page, 'menu ouvert à 360 px');
		await page.screenshot({ path: Portal.screenshotPath('menu-360'), fullPage: true });
		await nav.getByRole('link', { name: 'Ma famille' }).click();
		await Portal.settled(page, '/famille.html');

		for (const r of RUBRIQUES) {
			await portal.visit(page, r.path);
			await fits();
		}
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a wrong password gets a French error, announced and tied to the form', async () => {
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');

		/* Empty form: each field says what is missing, next to it. */
		await page.getByRole('button', { name: 'Se connecter' }).click();
		const email = page.getByLabel('Adresse e-mail');
		assert.equal(await email.getAttribute('aria-invalid'), 'true');
		assert.match(await accessibleDescription(email), /Saisissez votre adresse e-mail\./);
		assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
		await portal.axe(page, 'connexion, champs vides');

		await logIn(page, DEMO.email, 'Pas-le-bon-mot-de-passe');
		const alert = page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' });
		await alert.waitFor();
		assert.equal(await email.getAttribute('aria-invalid'), null, 'the old field error is gone');
		assert.equal(await page.getByLabel('Mot de passe', { exact: true }).inputValue(), '');
		assert.equal(new URL(page.url()).pathname, '/connexion.html');
		await portal.axe(page, 'connexion, mot de passe incorrect');
		await page.screenshot({ path: Portal.screenshotPath('connexion-erreur'), fullPage: true });
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a new family logs in with its one-time code and must choose a password', async () => {
		const stamp = Date.now().toString(36);
		const emailAddr = `sacha.martin.${stamp}@example.org`;
		const out = portal.portail_cli(['family', 'create', '--family-name', 'Martin',
			'--first-name', 'Sacha', '--last-name', 'Martin', '--email', emailAddr]);
		const m = /^One-time code: (\S+)$/m.exec(out);
		assert.ok(m, `portail-cli family create printed no one-time code:\n${out}`);
		const code = m[1];

		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, emailAddr, code);
		await Portal.settled(page, '/nouveau-mot-de-passe.html');
		await portal.axe(page, 'nouveau mot de passe');
		await checkStructure(page);
		assert.equal(await h1(page), 'Choisissez votre mot de passe');
		await page.getByText('Votre mot de passe doit contenir entre 12 et 128 caractères.').waitFor();

		/* The rubriques stay closed until a password is chosen. */
		await portal.visit(page, '/tableau-de-bord.html', '/nouveau-mot-de-passe.html');

		const fresh = page.getByLabel('Nouveau mot de passe');
		const confirm = page.getByLabel('Confirmez le mot de passe');
		assert.equal(await fresh.getAttribute('autocomplete'), 'new-password');
		const save = page.getByRole('button', { name: 'Enregistrer mon mot de passe' });

		await fresh.fill('trop-court');
		await confirm.fill('trop-court');
		await save.click();
		assert.match(await accessibleDescription(fresh), /au moins 12 caractères/);
		assert.equal(await fresh.getAttribute('aria-invalid'), 'true');
		await portal.axe(page, 'nouveau mot de passe, trop court');

		const chosen = 'Une phrase assez longue 2026';
		await fresh.fill(chosen);
		await confirm.fill(`${chosen}!`);
		await save.click();
		assert.match(await accessibleDescription(confirm), /ne sont pas identiques/);
		assert.equal(await fresh.getAttribute('aria-invalid'), null);
		await portal.axe(page, 'nouveau mot de passe, confirmation différente');
		await page.screenshot({ path: Portal.screenshotPath('nouveau-mot-de-passe-erreur'), fullPage: true });

		await confirm.fill(chosen);
		await save.click();
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord après le mot de passe');
		await page.getByRole('status').getByText(/mot de passe est enregistré/).waitFor();
		await page.locator('main').getByText('Sacha Martin').waitFor();
		await page.getByRole('button', { name: 'Se déconnecter' }).click();
		await Portal.settled(page, '/connexion.html');

		/* The chosen password now opens the dashboard directly. */
		await logIn(page, emailAddr, chosen);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord, deuxième connexion');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('the login form works with the keyboard alone', async () => {
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		const focused = () => page.evaluate(() => {
			const a = document.activeElement;
			return a ? (a.id || a.textContent.trim()) : null;
		});

		/* The first Tab reaches the skip link; Enter on it moves into the content. */
		await page.keyboard.press('Tab');
		assert.equal(await focused(), 'Aller au contenu');
		await page.keyboard.press('Enter');
		assert.equal(await focused(), 'contenu');

		await page.keyboard.press('Tab');
		assert.equal(await focused(), 'email');
		await page.keyboard.type(DEMO.email);
		await page.keyboard.press('Tab');
		assert.equal(await focused(), 'password');
		await page.keyboard.type(DEMO.password);
		await page.keyboard.press('Enter');
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord au clavier');

		/* The focus ring is visible on the logout button, reached with Tab. */
		let found = false;
		for (let i = 0; i < 20 && !found; i++) {
			await page.keyboard.press('Tab');
			found = (await focused()) === 'Se déconnecter';
		}
		assert.ok(found, 'Tab reaches "Se déconnecter"');
		const outline = await page.evaluate(() => {
			const s = getComputedStyle(document.activeElement);
			return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
		});
		assert.notEqual(outline.style, 'none', 'a visible focus ring');
		assert.ok(outline.width >= 2, 'a focus ring at least 2 px wide');
		await page.keyboard.press('Enter');
		await Portal.settled(page, '/connexion.html');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('portail-web served it all and stops cleanly, without sanitizer reports', async () => {
		await portal.stopServer();
	});
});
