/*
 * guardians.test.js — both parents in a real browser, with the manager
 * working in the real portail-cli (see harness.js): a parent asks on Ma
 * famille to add the other parent; the manager accepts the request in the
 * CLI; the one-time code waits in the outbox for the new guardian, who logs
 * in with it, chooses a password and sees the same family (marked "vous" on
 * their own card) and the same request history, each request saying who
 * sent it; then they ask to change the first parent's details, whose email
 * they cannot touch. Every page at 360 pixels wide too; axe-core checks
 * every page visited.
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

/* The guardians' cards of Ma famille: heading and whole text. */
async function guardianCards(page) {
	return page.locator('[data-responsables] > li > article').evaluateAll((cards) => cards.map((c) => ({
		name: c.querySelector('h3').textContent.replace(/\s+/g, ' ').trim(),
		text: c.textContent.replace(/\s+/g, ' '),
	})));
}

describe('the second guardian, from the request to their own login', () => {
	before(async () => {
		await portal.start();
	});

	after(async () => {
		await portal.stop();
	});

	it('a parent asks to add the other parent, the manager accepts, the other parent logs in with the mailed code', async () => {
		const family = portal.newFamily('Perrin', 'Maëlle');
		const other = `mathis.perrin.${Date.now().toString(36)}@example.org`;

		/* The first parent asks on Ma famille. */
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await Portal.logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, '/famille.html');
		let cards = await guardianCards(page);
		assert.deepEqual(cards.map((c) => c.name), ['Maëlle Perrin (vous)']);
		await page.getByRole('link', { name: 'Ajouter un responsable légal' }).click();
		await Portal.settled(page, '/responsable.html');
		await portal.axe(page, 'ajout d’un responsable');
		const relationships = await page.getByLabel('Lien avec les enfants').locator('option').allTextContents();
		assert.deepEqual(relationships, ['Non précisé', 'Mère', 'Père', 'Tuteur', 'Tutrice', 'Autre']);
		const send = page.getByRole('button', { name: 'Envoyer la demande d’ajout' });
		await page.getByLabel('Prénom').fill('Mathis');
		await page.getByLabel('Nom (obligatoire)', { exact: true }).fill('Perrin');
		await page.getByLabel('Lien avec les enfants').selectOption('pere');
		await page.getByLabel('Adresse e-mail').fill(other);
		await page.getByLabel('Téléphone portable').fill('06 55 44 33 22');
		await page.getByLabel('Employeur').fill('Hôpital de Valmont');
		await send.click();
		await Portal.settled(page, '/famille.html');
		await page.getByText(/Votre demande d’ajout de Mathis Perrin comme responsable légal est envoyée au service/).waitFor();
		await page.getByText('Responsable en attente de validation').waitFor();
		await portal.axe(page, 'ma famille, responsable en attente');

		/* The manager accepts it in the CLI; the code goes to the outbox. */
		const pending = portal.portail_cli_json(['queue', 'list', '--json', '--kind', 'guardian_add',
			'--family', String(family.id), '--status', 'pending']);
		assert.equal(pending.length, 1);
		assert.equal(pending[0].guardian_name, 'Maëlle Perrin');
		const show = portal.portail_cli(['queue', 'show', String(pending[0].id)]);
		assert.match(show, /asked by: +Maëlle Perrin/);
		portal.portail_cli(['queue', 'accept', String(pending[0].id)]);
		const mails = portal.portail_cli_json(['mail', 'outbox', '--to', other, '--json'])
			.filter((m) => m.subject === 'Votre compte sur le Portail Famille');
		assert.equal(mails.length, 1, 'one message with the code to the new guardian');
		const m = /code à usage unique : (\S+)/.exec(mails[0].body);
		assert.ok(m, `no code in:\n${mails[0].body}`);
		assert.match(mails[0].body, /responsable légal de la famille Perrin/);

		/* The other parent logs in with it and chooses a password. */
		const second = await portal.newPage({ viewport: { width: 360, height: 740 } });
		await portal.visit(second, '/connexion.html');
		await Portal.logIn(second, other, m[1]);
		await Portal.settled(second, '/nouveau-mot-de-passe.html');
		const chosen = 'Le second parent 2026';
		await second.getByLabel('Nouveau mot de passe').fill(chosen);
		await second.getByLabel('Confirmez le mot de passe').fill(chosen);
		await second.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
		await Portal.settled(second, '/tableau-de-bord.html');
		await portal.axe(second, 'tableau de bord du second parent');

		/* The same family, their own card marked. */
		await portal.visit(second, '/famille.html');
		await Portal.assertFits(second, 360);
		cards = await guardianCards(second);
		assert.deepEqual(cards.map((c) => c.name), ['Maëlle Perrin', 'Mathis Perrin (vous)']);
		assert.match(text(cards[1].text), /Lien avec les enfants : Père/);
		assert.match(text(cards[1].text), /Employeur : Hôpital de Valmont/);
		assert.match(text(cards[0].text), new RegExp(family.email.replace(/[.]/g, '\\.')));

		/* The same history, each request with who sent it. */
		await portal.visit(second, '/demandes.html');
		await second.waitForSelector('html.demandes-chargees', { state: 'attached' });
		const history = text(await second.locator('[data-demandes]').textContent());
		assert.match(history, /Ajout d’un responsable légal/);
		assert.match(history, /Ajout de Mathis Perrin comme responsable légal/);
		assert.match(history, /Envoyée par Maëlle Perrin le/);
		await portal.axe(second, 'demandes du second parent');

		/* They ask to change the first parent's details: never the email. */
		await portal.visit(second, '/famille.html');
		await second.getByRole('link', { name: 'Demander une modification des informations de Maëlle Perrin' }).click();
		await Portal.settled(second, '/responsable.html');
		await portal.axe(second, 'modification de l’autre responsable');
		assert.equal(await second.getByLabel('Adresse e-mail').count(), 0);
		await second.getByText('seul le service peut la modifier').waitFor();
		assert.equal(await second.getByLabel('Prénom').inputValue(), 'Maëlle');
		await second.getByLabel('Employeur').fill('Mairie de Valmont');
		await second.getByRole('button', { name: 'Envoyer la demande de modification' }).click();
		await Portal.settled(second, '/famille.html');
		await second.getByText(/Votre demande de modification des informations de Maëlle Perrin est envoyée/).waitFor();
		const edits = portal.portail_cli_json(['queue', 'list', '--json', '--kind', 'guardian_edit',
			'--family', String(family.id)]);
		assert.equal(edits.length, 1);
		assert.equal(edits[0].guardian_name, 'Mathis Perrin');
		assert.deepEqual(edits[0].changes.map((c) => [c.field, c.after]), [['employer', 'Mairie de Valmont']]);
		await second.context().close();

		/* The first parent sees the second one now. */
		await portal.visit(page, '/famille.html');
		cards = await guardianCards(page);
		assert.deepEqual(cards.map((c) => c.name), ['Maëlle Perrin (vous)', 'Mathis Perrin']);
		await page.context().close();
	});
});
