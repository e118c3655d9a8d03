/*
 * inscriptions.test.js — enrolments in a real browser, as the guide's
 * rubrique "Mes inscriptions et réservations" tells them, with the manager
 * working in the real portail-cli over a small catalogue loaded with
 * `portail-cli catalogue import` (catalogue.js): a parent enrols a child
 * through the cascade équipement → type d'activité → activité → période →
 * groupe, sees what is not offered and why, fills the wanted dates,
 * accepts the rules, and finds the enrolment marked "?"; the manager
 * accepts it with `portail-cli queue accept` and it is marked "V" on the
 * rubrique, Ma famille and the child's page; a petite-enfance
 * pre-enrolment is marked "!", and the service's refusal of a field shows
 * next to it; a pending request is withdrawn from the
 * dashboard (after a confirmation) and shows "Retirée"; a refused one
 * shows the manager's reason. axe-core checks
 * every page and state visited; the rubrique and the cascade fit 360 px.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { Portal, accessibleDescription, frenchDate, fieldError, dashboardRequests } = require('./harness.js');
const catalogue = require('./catalogue.js');

/* Without the demo data: the only catalogue is the test's (catalogue.js). */
const portal = new Portal({ demo: false });
const logIn = Portal.logIn;
let dir;
let dates;
let family;
const children = {};

const MARKERS = {
	'V': 'V — validée',
	'?': '? — en attente de validation',
	'!': '! — préinscription petite enfance non validée',
};

/* Text as read: runs of white space (no-break spaces included) as one space. */
function text(s) {
	return (s || '').replace(/\s+/g, ' ').trim();
}

/* The markers shown in @scope, each as a screen reader reads it. */
async function markers(scope) {
	return scope.locator('[data-marqueur]').evaluateAll((ns) => ns.map((n) => ({
		shown: n.querySelector('[aria-hidden="true"]').textContent,
		read: n.textContent.replace(/^[V?!]/, '').trim(),
		visible: n.getBoundingClientRect().width > 0,
	})));
}

async function assertMarker(scope, marker) {
	const all = await markers(scope);
	assert.deepEqual(all, [{ shown: marker, read: MARKERS[marker], visible: true }],
		`one marker "${marker}" read "${MARKERS[marker]}"`);
}

/* The card of the enrolment of @activity in the section of @child on the rubrique. */
function card(page, child, activity) {
	return page.locator(`#enfant-${child.id} article.inscription`)
		.filter({ has: page.getByRole('heading', { name: activity, exact: true }) });
}

/* Add a child through the parent's API and have the manager accept it. */
async function addChild(page, values) {
	const me = await (await page.request.get('/api/v1/me')).json();
	const r = await page.request.post('/api/v1/children', { data: values, headers: { 'X-CSRF-Token': me.csrf_token } });
	assert.equal(r.status(), 202, await r.text());
	portal.portail_cli(['queue', 'accept', String((await r.json()).request.id)]);
	const after = await (await page.request.get('/api/v1/me')).json();
	const child = after.family.children.find((c) => c.first_name === values.first_name);
	assert.ok(child, `${values.first_name} is now a child of the family`);
	return child;
}

function enrolmentRequests(status) {
	return portal.portail_cli_json(['queue', 'list', '--json', '--kind', 'enrolment', '--family', String(family.id),
		'--status', status]);
}

describe('enrolments: the cascade, the markers and the manager', () => {
	before(async () => {
		await portal.start();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-catalogue-'));
		const written = catalogue.write(dir);
		dates = written.dates;
		portal.portail_cli(['catalogue', 'import', written.file]);
		family = portal.newFamily('Garnier', 'Sophie');

		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		children.tom = await addChild(page, { first_name: 'Tom', last_name: 'Garnier',
			birth_date: catalogue.addDays(dates.today, -8 * 365), school_level: 'CE1' });
		children.nina = await addChild(page, { first_name: 'Nina', last_name: 'Garnier',
			birth_date: catalogue.addDays(dates.today, -300) });
		await page.context().close();
	});

	after(async () => {
		await portal.stop();
		if (dir)
			fs.rmSync(dir, { recursive: true, force: true });
	});

	it('a child is enrolled through the cascade, marked "?", then "V" once the manager accepts', async () => {
		const { tom } = children;
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');

		/* The rubrique: nothing yet for Tom, and the way to enrol him. */
		await page.getByRole('navigation', { name: 'Rubriques' })
			.getByRole('link', { name: 'Inscriptions et réservations', exact: true }).click();
		await Portal.settled(page, '/inscriptions.html');
		await portal.axe(page, 'inscriptions, aucune');
		const section = page.getByRole('region', { name: 'Tom Garnier' });
		await section.getByText('Aucune inscription validée pour le moment.').waitFor();
		await section.getByText('Aucune inscription en attente.').waitFor();
		await page.getByRole('link', { name: 'Nouvelle inscription' }).waitFor();
		await section.getByRole('link', { name: 'Inscrire Tom à une activité' }).click();

		/* The cascade: Tom is chosen; what is offered to him only. */
		await Portal.settled(page, '/inscription-enfant.html');
		await portal.axe(page, 'cascade');
		assert.equal(await page.getByLabel('Enfant').inputValue(), String(tom.id));
		const offered = async (label) => (await page.getByLabel(label, { exact: true }).locator('option').allTextContents())
			.slice(1).map(text);
		/* Petite enfance is not for an eight-year-old: not offered, and why. */
		assert.deepEqual(await offered('Équipement'), ['Service Jeunesse']);
		assert.equal(await page.getByLabel('Équipement', { exact: true }).inputValue(), 'service-jeunesse',
			'the only facility offered is chosen');
		assert.match(await accessibleDescription(page.getByLabel('Équipement', { exact: true })),
			/Non proposé à Tom\s*:\s*Petite enfance\s*: \S/);
		assert.deepEqual(await offered('Type d’activité'), ['Centre de Loisirs']);
		/* The summer holidays open later: not offered yet, with the day they open. */
		assert.deepEqual(await offered('Activité'), ['Mercredis']);
		const activityHelp = await accessibleDescription(page.getByLabel('Activité', { exact: true }));
		assert.match(activityHelp, /L’accueil de loisirs du mercredi\./);
		assert.match(activityHelp, /Vacances d’été\s*: .*ouvr.*/);
		assert.ok(activityHelp.includes(frenchDate(dates.ete.opens)), `"${activityHelp}" names ${frenchDate(dates.ete.opens)}`);
		assert.equal(await page.getByLabel('Période').inputValue(), 'test-mercredis');

		/* The group his school level points to is chosen; Maternelle is not for him. */
		const groups = page.getByRole('group', { name: 'Groupe' });
		assert.equal(await groups.getByRole('radio', { name: /Élémentaires \+6 ans/ }).isChecked(), true);
		assert.equal(await groups.getByRole('radio', { name: /Maternelle/ }).count(), 0);
		await groups.getByText(/Non proposé à Tom/).waitFor();
		await groups.getByText('Maternelle', { exact: true }).waitFor();

		/* The dates: from today (the period has begun) to its end, inside it. */
		const first = page.getByLabel('Premier jour');
		const last = page.getByLabel('Dernier jour');
		assert.equal(await first.inputValue(), dates.today);
		assert.equal(await last.inputValue(), dates.mercredis.last);
		assert.equal(await first.getAttribute('min'), dates.mercredis.first);
		assert.equal(await last.getAttribute('max'), dates.mercredis.last);

		/* The documents to provide, the comment asked, the rules to accept. */
		const conditions = page.getByRole('group', { name: 'Conditions d’inscription' });
		await conditions.getByText(/Carnet de vaccination à jour\s*: à fournir/).waitFor();
		const rules = page.getByLabel('J’ai lu et j’accepte le Règlement intérieur des accueils de loisirs (version 2026-1)');
		assert.equal(await rules.isChecked(), false);
		await page.getByLabel(/Commentaire pour le service/).fill('Tom arrive à 9 h le mercredi.');
		await page.screenshot({ path: Portal.screenshotPath('inscription-cascade'), fullPage: true });

		/* Sending without the rules, and with a first day after the last. */
		const send = page.getByRole('button', { name: 'Envoyer la demande d’inscription' });
		await first.fill(dates.mercredis.last);
		await last.fill(dates.today);
		await send.click();
		await fieldError(page, 'Dernier jour', /ne peut pas précéder le premier/);
		await fieldError(page, 'J’ai lu et j’accepte le Règlement intérieur des accueils de loisirs (version 2026-1)',
			/cochez la case/);
		await portal.axe(page, 'cascade, erreurs');
		assert.equal(enrolmentRequests('pending').length, 0, 'nothing was sent');

		const wanted = catalogue.addDays(dates.today, 7);
		await first.fill(wanted);
		await last.fill(dates.mercredis.last);
		await rules.check();
		await send.click();

		/* The confirmation: the enrolment, marked "?", and where to follow it. */
		const confirmation = page.getByRole('region', { name: 'Votre demande d’inscription est envoyée' });
		await confirmation.waitFor();
		assert.equal(await page.evaluate(() => document.activeElement.id), 'titre-confirmation');
		await assertMarker(confirmation, '?');
		await confirmation.getByText(/attend la validation du service/).waitFor();
		await confirmation.getByText(`du ${frenchDate(wanted)} au ${frenchDate(dates.mercredis.last)}`).waitFor();
		await confirmation.getByText('Élémentaires +6 ans').waitFor();
		await portal.axe(page, 'cascade, demande envoyée');
		await page.screenshot({ path: Portal.screenshotPath('inscription-envoyee'), fullPage: true });

		/* The dashboard lists it, pending. */
		await confirmation.getByRole('link', { name: 'Suivre la demande dans mon tableau de bord' }).click();
		await Portal.settled(page, '/tableau-de-bord.html');
		const requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Inscription');
		assert.equal(requests[0].status, 'En attente');

		/* The rubrique: waiting, marked "?", with what is still to provide. */
		await portal.visit(page, `/inscriptions.html#enfant-${tom.id}`, '/inscriptions.html');
		assert.equal(await page.evaluate(() => document.activeElement.id), `enfant-${tom.id}`);
		const pending = card(page, tom, 'Mercredis');
		await assertMarker(pending, '?');
		await section.getByRole('heading', { name: 'Inscriptions en attente (1)' }).waitFor();
		assert.equal(text(await pending.locator('.statut').textContent()), 'Statut : En attente de validation');
		await pending.getByText('ALSH Mercredis (test)').waitFor();
		await pending.getByText('Tom arrive à 9 h le mercredi.').waitFor();
		await pending.getByText('Carnet de vaccination à jour').waitFor();
		await portal.axe(page, 'inscriptions, en attente');

		/* The manager accepts it in the queue. */
		const queued = enrolmentRequests('pending');
		assert.equal(queued.length, 1);
		portal.portail_cli(['queue', 'accept', String(queued[0].id)]);

		await page.reload();
		await Portal.settled(page, '/inscriptions.html');
		const validated = card(page, tom, 'Mercredis');
		await assertMarker(validated, 'V');
		await section.getByRole('heading', { name: 'Inscriptions en cours (1)' }).waitFor();
		await section.getByText('Aucune inscription en attente.').waitFor();
		await portal.axe(page, 'inscriptions, validée');
		await page.screenshot({ path: Portal.screenshotPath('inscriptions-validee'), fullPage: true });

		/* Ma famille and Tom's page show it too, with the link to the cascade. */
		await portal.visit(page, '/famille.html');
		const familyCard = page.locator('[data-enfants] > li').filter({ has: page.getByRole('heading', { name: 'Tom Garnier' }) });
		await assertMarker(familyCard, 'V');
		await familyCard.getByText(/Mercredis, ALSH Mercredis \(test\), Élémentaires \+6 ans/).waitFor();
		assert.equal(await familyCard.getByRole('link', { name: 'Inscrire Tom à une activité' }).getAttribute('href'),
			`/inscription-enfant.html?enfant=${tom.id}`);
		await portal.visit(page, `/enfant.html?id=${tom.id}`, '/enfant.html');
		const childPage = page.getByRole('region', { name: 'Les inscriptions de Tom' });
		await assertMarker(childPage, 'V');
		await childPage.getByRole('link', { name: 'Inscrire Tom à une activité' }).waitFor();

		/* The period is no longer offered to Tom, and the cascade says why. */
		await portal.visit(page, `/inscription-enfant.html?enfant=${tom.id}`, '/inscription-enfant.html');
		assert.match(await accessibleDescription(page.getByLabel('Équipement', { exact: true })), /Service Jeunesse\s*: \S/);
		await page.getByRole('alert').getByText('Aucune activité n’est ouverte aux inscriptions pour Tom en ce moment.').waitFor();
		await portal.axe(page, 'cascade, plus rien à proposer');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a petite-enfance pre-enrolment asks for the start and the hours, and is marked "!"', async () => {
		const { nina } = children;
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, `/inscription-enfant.html?enfant=${nina.id}`, '/inscription-enfant.html');
		await Portal.assertFits(page, 360);
		assert.equal(await page.getByLabel('Équipement', { exact: true }).inputValue(), 'petite-enfance');
		assert.equal(await page.getByLabel('Activité', { exact: true }).inputValue(), 'creche-les-lutins');
		assert.equal(await page.getByRole('radio', { name: /Bébés et moyens/ }).isChecked(), true);
		/* No dates: the wanted start, days and hours per week. */
		assert.equal(await page.getByLabel('Premier jour').isVisible(), false);
		const start = page.getByLabel('Date d’entrée souhaitée');
		assert.equal(await start.getAttribute('min'), dates.creche.first);
		assert.equal(await start.getAttribute('max'), dates.creche.last);
		await portal.axe(page, 'préinscription, à 360 px');

		await page.getByRole('button', { name: 'Envoyer la demande d’inscription' }).click();
		await fieldError(page, 'Jours par semaine', /de 1 à 7/);
		await fieldError(page, 'Heures par semaine', /nombre d’heures/);
		await portal.axe(page, 'préinscription, erreurs');

		/* The service's own limit, its message next to its field. */
		const wanted = catalogue.addDays(dates.today, 30);
		await start.fill(wanted);
		await page.getByLabel('Jours par semaine').fill('4');
		await page.getByLabel('Heures par semaine').fill('80');
		await page.getByRole('button', { name: 'Envoyer la demande d’inscription' }).click();
		await fieldError(page, 'Heures par semaine', /70 heures/);
		await portal.axe(page, 'préinscription, refus du service');
		assert.equal(enrolmentRequests('pending').length, 0, 'nothing was recorded');

		await page.getByLabel('Heures par semaine').fill('32');
		await page.getByRole('button', { name: 'Envoyer la demande d’inscription' }).click();
		const confirmation = page.getByRole('region', { name: 'Votre demande d’inscription est envoyée' });
		await confirmation.waitFor();
		await assertMarker(confirmation, '!');
		await confirmation.getByText(/La préinscription de Nina attend la décision du service/).waitFor();
		await confirmation.getByText(frenchDate(wanted)).waitFor();
		await confirmation.getByText(/^4\s+jours et 32\s+heures par semaine$/).waitFor();
		await Portal.assertFits(page, 360);
		await portal.axe(page, 'préinscription envoyée, à 360 px');

		await confirmation.getByRole('link', { name: 'Voir les inscriptions de Nina' }).click();
		await Portal.settled(page, '/inscriptions.html');
		await assertMarker(card(page, nina, 'Crèche Les Lutins'), '!');
		await Portal.assertFits(page, 360);
		await portal.axe(page, 'inscriptions, préinscription, à 360 px');
		await page.screenshot({ path: Portal.screenshotPath('inscriptions-360'), fullPage: true });
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a pending request is withdrawn from the dashboard, after a confirmation, and shows "Retirée"', async () => {
		const { nina } = children;
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		let requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Inscription');
		assert.equal(requests[0].status, 'En attente');
		const first = page.locator('[data-demandes] > li').first();

		/* "Non, la garder" keeps it. */
		await first.getByRole('button', { name: /^Retirer la demande/ }).click();
		await first.getByText('Retirer cette demande ? Le service ne la traitera pas.').waitFor();
		await portal.axe(page, 'tableau de bord, retrait à confirmer');
		await first.getByRole('button', { name: 'Non, la garder' }).click();
		assert.match(await page.evaluate(() => document.activeElement.textContent), /^Retirer la demande/,
			'the focus goes back to the button');
		assert.equal(enrolmentRequests('pending').length, 1, 'still pending');

		await first.getByRole('button', { name: /^Retirer la demande/ }).click();
		await first.getByRole('button', { name: 'Oui, retirer la demande' }).click();
		await page.getByRole('status').getByText(/Votre demande est retirée/).waitFor();
		requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Inscription');
		assert.equal(requests[0].status, 'Retirée');
		assert.equal(requests[0].highlighted, false);
		assert.equal(await page.getByRole('button', { name: /^Retirer la demande/ }).count(), 0,
			'no request is pending any more');
		await page.getByText('Aucune demande n’attend la validation du service.').waitFor();
		await portal.axe(page, 'tableau de bord, demande retirée');
		assert.equal(enrolmentRequests('pending').length, 0);
		assert.equal(enrolmentRequests('withdrawn').length, 1);

		/* The rubrique shows Nina's pre-enrolment among those that did not go through. */
		await portal.visit(page, '/inscriptions.html');
		const withdrawn = card(page, nina, 'Crèche Les Lutins');
		assert.deepEqual(await markers(withdrawn), [], 'no marker on a withdrawn enrolment');
		assert.equal(text(await withdrawn.locator('.statut').textContent()), 'Statut : Retirée');
		await page.getByRole('region', { name: 'Nina Garnier' })
			.getByRole('heading', { name: 'Demandes refusées, annulées ou retirées (1)' }).waitFor();
		await portal.axe(page, 'inscriptions, préinscription retirée');

		/* On the page of all requests too. */
		await portal.visit(page, '/demandes.html');
		requests = await dashboardRequests(page);
		assert.deepEqual(requests.filter((r) => r.kind === 'Inscription').map((r) => r.status).sort(),
			['Acceptée', 'Retirée']);

		/* Asked again, then refused by the manager: the reason shows on the enrolment. */
		const me = await (await page.request.get('/api/v1/me')).json();
		const again = await page.request.post(`/api/v1/children/${nina.id}/enrolments`, {
			data: { period: 'test-creche', group: 'bebes', wanted_start: catalogue.addDays(dates.today, 60),
				days_per_week: 3, hours_per_week: 24 },
			headers: { 'X-CSRF-Token': me.csrf_token },
		});
		assert.equal(again.status(), 201, await again.text());
		const asked = enrolmentRequests('pending');
		assert.equal(asked.length, 1);
		portal.portail_cli(['queue', 'refuse', String(asked[0].id), '--reason', 'Plus de place en septembre']);
		await portal.visit(page, '/inscriptions.html');
		const closed = page.locator(`#enfant-${nina.id} article.inscription`);
		assert.equal(await closed.count(), 2);
		const refused = closed.filter({ has: page.locator('.statut--refusee') });
		await refused.getByText('Plus de place en septembre').waitFor();
		assert.match(text(await refused.locator('.inscription__motif').textContent()), /^Motif du refus\s*Plus de place en septembre$/);
		assert.deepEqual(await markers(refused), [], 'no marker on a refused enrolment');
		await portal.axe(page, 'inscriptions, préinscription refusée');

		/* Accepted by the manager while the parent confirms the withdrawal:
		 * the page says so and shows what became of it. */
		const third = await page.request.post(`/api/v1/children/${nina.id}/enrolments`, {
			data: { period: 'test-creche', group: 'bebes', wanted_start: catalogue.addDays(dates.today, 90),
				days_per_week: 2, hours_per_week: 16 },
			headers: { 'X-CSRF-Token': me.csrf_token },
		});
		assert.equal(third.status(), 201, await third.text());
		await portal.visit(page, '/tableau-de-bord.html');
		await dashboardRequests(page);
		const top = page.locator('[data-demandes] > li').first();
		await top.getByRole('button', { name: /^Retirer la demande/ }).click();
		portal.portail_cli(['queue', 'accept', String(enrolmentRequests('pending')[0].id)]);
		await top.getByRole('button', { name: 'Oui, retirer la demande' }).click();
		const said = page.locator('[data-annonce].message--erreur');
		await said.waitFor();
		assert.ok(text(await said.textContent()).length > 0, 'the service says why');
		requests = await dashboardRequests(page);
		assert.equal(requests[0].status, 'Acceptée');
		await portal.axe(page, 'tableau de bord, retrait trop tard');
		Portal.assertClean(page);
		await page.context().close();
	});
});
