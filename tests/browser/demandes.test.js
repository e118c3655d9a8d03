/*
 * demandes.test.js — the parent portal's requests in a real browser, with the
 * manager working in the real portail-cli and the mail going through a real
 * SMTP server (see harness.js): a sign-up confirmed by its emailed link
 * (opening the link changes nothing; the parent presses a button) and
 * validated by the manager; a child added, pending on the dashboard, then
 * accepted, edited and refused; contact details and password changed on
 * Mes coordonnées, and contact details that wait for the manager when the
 * service sets contact changes to need validation; a forgotten password
 * reset by its emailed link; every new page at 360 pixels wide. axe-core
 * checks every page and every error state visited.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { Portal, DEMO, accessibleDescription, frenchDate, fieldError, dashboardRequests } = require('./harness.js');

const portal = new Portal({ mail: true });
let counter = 0;

/* A string unique to this run, for emails. */
function unique() {
	counter += 1;
	return `${Date.now().toString(36)}${counter}`;
}

const logIn = Portal.logIn;

/* The link of @kind (confirmer, reinitialiser) in a message, checked to
 * point at this server. */
function linkIn(message, kind) {
	const m = new RegExp(`(https?://\\S+/${kind}\\.html\\?jeton=[A-Za-z0-9_-]+)`).exec(message.body);
	assert.ok(m, `no ${kind} link in the message "${message.subject}":\n${message.body}`);
	assert.ok(m[1].startsWith(`${portal.baseURL}/`), `the link ${m[1]} starts with ${portal.baseURL}`);
	return m[1];
}

/* What the mail looks like: from the configured sender, UTF-8 text sent as
 * 8bit (the Maildir keeps the message with local line ends, not the CRLF of
 * the wire). */
function checkMessage(message, to) {
	assert.match(message.headers.from || '', /portail@mairie-valmont\.fr/);
	assert.match(message.to, new RegExp(to.replace(/[.+]/g, '\\$&'), 'i'));
	assert.match(message.headers['content-type'] || '', /text\/plain;\s*charset="?utf-8"?/i);
	assert.match(message.headers['content-transfer-encoding'] || '', /8bit/i);
}

/* Text as read: runs of white space (no-break spaces included) as one space. */
function text(s) {
	return (s || '').replace(/\s+/g, ' ').trim();
}

/* The manager's view of the queue, through portail-cli. */
function queue(args) {
	const list = portal.portail_cli_json(['queue', 'list', '--json', ...args]);
	assert.ok(Array.isArray(list), 'queue list --json prints an array');
	return list;
}

describe('requests of the parent portal, with the manager and the mail', () => {
	before(async () => {
		await portal.start();
	});

	after(async () => {
		await portal.stop();
	});

	it('a parent signs up, confirms by the emailed link, is validated in the CLI, then logs in', async () => {
		const email = `ines.moreau.${unique()}@example.org`;
		const password = 'Une inscription bien pensée';
		const page = await portal.newPage();

		await portal.visit(page, '/connexion.html');
		await page.getByRole('link', { name: 'Créer votre compte' }).click();
		await Portal.settled(page, '/inscription.html');
		await portal.axe(page, 'inscription');
		assert.equal(await page.locator('h1').textContent(), 'Créer votre compte');
		const submit = page.getByRole('button', { name: 'Créer mon compte' });

		/* Empty: every required field says what is missing, next to it. */
		await submit.click();
		await fieldError(page, 'Nom', /Saisissez votre nom\./, { exact: true });
		await fieldError(page, 'Prénom', /Saisissez votre prénom\./);
		await fieldError(page, 'Adresse e-mail', /Saisissez votre adresse e-mail\./);
		await fieldError(page, 'Mot de passe', /au moins 12 caractères|Saisissez un mot de passe/, { exact: true });
		assert.equal(await page.evaluate(() => document.activeElement.id), 'last_name');
		await portal.axe(page, 'inscription, champs vides');

		/* Wrong formats. */
		await page.getByLabel('Nom', { exact: true }).fill('Moreau');
		await page.getByLabel('Prénom').fill('Inès');
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Téléphone').fill('06 11 22');
		await page.getByLabel('Code postal').fill('451');
		await page.getByLabel('Mot de passe', { exact: true }).fill(password);
		await page.getByLabel('Confirmez le mot de passe').fill(`${password}.`);
		await submit.click();
		await fieldError(page, 'Téléphone', /10 chiffres/);
		await fieldError(page, 'Code postal', /5 chiffres/);
		await fieldError(page, 'Confirmez le mot de passe', /ne sont pas identiques/);
		/* The rules came from the service's vocabulary. */
		const phone = page.getByLabel('Téléphone');
		assert.equal(await phone.getAttribute('inputmode'), 'tel');
		assert.ok((await phone.getAttribute('pattern')).includes('+33'));
		assert.equal(await page.getByLabel('Code postal').getAttribute('inputmode'), 'numeric');
		assert.equal(await page.getByLabel('Numéro et rue').getAttribute('data-limite'), '200');
		assert.equal(await page.getByLabel('Nom', { exact: true }).getAttribute('required'), '');
		assert.equal(await page.getByLabel('Prénom').getAttribute('aria-invalid'), null);
		await portal.axe(page, 'inscription, formats incorrects');
		await page.screenshot({ path: Portal.screenshotPath('inscription-erreurs'), fullPage: true });

		await page.getByLabel('Téléphone').fill('06 11 22 33 44');
		await page.getByLabel('Numéro et rue').fill('8 allée des Peupliers');
		await page.getByLabel('Code postal').fill('45190');
		await page.getByLabel('Commune').fill('Valmont-sur-Loire');
		await page.getByLabel('Confirmez le mot de passe').fill(password);
		await submit.click();
		await page.getByText(`Un e-mail de confirmation vous a été envoyé à l’adresse ${email}.`).waitFor();
		assert.equal(await page.evaluate(() => document.activeElement.hasAttribute('data-message-envoye')), true,
			'the focus moves to the confirmation message');
		await portal.axe(page, 'inscription envoyée');
		Portal.assertClean(page);

		/* The confirmation mail came through the SMTP server. */
		const confirmation = await portal.mail.waitFor({ to: email, subject: /Confirmez votre inscription/ });
		checkMessage(confirmation, email);
		assert.match(confirmation.body, /Bonjour Inès,/);
		const link = linkIn(confirmation, 'confirmer');

		/* Opening the link changes nothing (a mail scanner that follows links
		 * and runs scripts must not confirm): the parent presses a button. */
		const signupsOf = () => queue(['--kind', 'signup']).filter((r) => r.after && r.after.email === email);
		await page.goto(link);
		await Portal.settled(page, '/confirmer.html');
		await portal.axe(page, 'confirmation, avant le clic');
		const confirmButton = page.getByRole('button', { name: 'Confirmer mon adresse e-mail' });
		await confirmButton.waitFor();
		await page.screenshot({ path: Portal.screenshotPath('confirmer-avant'), fullPage: true });
		/* Give a script that would confirm on load the time to do it. */
		await page.waitForLoadState('networkidle');
		assert.deepEqual(signupsOf(), [], 'no sign-up request before the click');
		assert.equal(await page.getByText(/attend maintenant la validation/).isVisible(), false);
		await page.reload();
		await Portal.settled(page, '/confirmer.html');
		await page.waitForLoadState('networkidle');
		assert.deepEqual(signupsOf(), [], 'still none after opening the link twice');
		await confirmButton.click();
		await page.getByText('Votre inscription attend maintenant la validation du service enfance-jeunesse.').waitFor();
		assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()),
			'Merci, votre adresse e-mail est confirmée.', 'the focus moves to the result');
		assert.equal(await confirmButton.count(), 0, 'the button is gone');
		assert.equal(new URL(page.url()).search, '', 'the token is no longer in the address');
		assert.equal(signupsOf().length, 1, 'the click sent the sign-up to the service');
		await portal.axe(page, 'confirmation réussie');
		await page.screenshot({ path: Portal.screenshotPath('confirmer'), fullPage: true });

		/* The link works once. */
		await page.goto(link);
		await Portal.settled(page, '/confirmer.html');
		await confirmButton.click();
		await page.getByText(/Ce lien n.est plus valide/).waitFor();
		await portal.axe(page, 'confirmation, lien déjà utilisé');

		/* Until the manager validates it, the login says the account waits. */
		await portal.visit(page, '/connexion.html');
		await logIn(page, email, password);
		await page.getByRole('alert').filter({ hasText: /attend la validation/ }).waitFor();
		assert.equal(new URL(page.url()).pathname, '/connexion.html');
		await portal.axe(page, 'connexion, inscription en attente');

		/* The manager finds the sign-up in the queue and accepts it. */
		const signups = queue(['--kind', 'signup']).filter((r) => r.after && r.after.email === email);
		assert.equal(signups.length, 1, 'one sign-up request for this email');
		assert.equal(signups[0].status, 'pending');
		portal.portail_cli(['queue', 'accept', String(signups[0].id), '--as', 'agent.test']);
		const accepted = await portal.mail.waitFor({ to: email, subject: /acceptée/ });
		checkMessage(accepted, email);

		await logIn(page, email, password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord, nouvelle famille');
		await page.locator('main .salutation').getByText('Inès Moreau').waitFor();
		const requests = await dashboardRequests(page);
		assert.equal(requests.length, 1);
		assert.equal(requests[0].kind, 'Première inscription');
		assert.equal(requests[0].status, 'Acceptée');
		assert.equal(requests[0].highlighted, false);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a child added by a parent waits on the dashboard until the manager accepts it', async () => {
		const family = portal.newFamily('Moulin', 'Alix');
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: 'Ma famille' }).click();
		await Portal.settled(page, '/famille.html');
		await portal.axe(page, 'ma famille, sans enfant');
		await page.getByText('Aucun enfant n’est encore enregistré pour votre famille.').waitFor();

		await page.getByRole('link', { name: 'Ajouter un enfant' }).click();
		await Portal.settled(page, '/enfant.html');
		await portal.axe(page, 'ajout d’un enfant');
		assert.equal(await page.locator('h1').textContent(), 'Ajouter un enfant');
		const levels = await page.getByLabel('Niveau scolaire').locator('option').allTextContents();
		assert.ok(levels.includes('Petite section (PS)') && levels.includes('Cours préparatoire (CP)'),
			`the school levels: ${levels.join(', ')}`);
		assert.deepEqual(await page.getByLabel('Sexe').locator('option').allTextContents(),
			['Non précisé', 'Fille', 'Garçon']);
		const send = page.getByRole('button', { name: 'Envoyer la demande d’ajout' });

		/* Empty form. */
		await send.click();
		await fieldError(page, 'Prénom', /Saisissez le prénom/);
		await fieldError(page, 'Nom (obligatoire)', /Saisissez le nom/, { exact: true });
		await fieldError(page, 'Date de naissance', /Saisissez la date de naissance/);
		await portal.axe(page, 'ajout d’un enfant, champs vides');

		/* Bounded text: the counter tells, the form refuses. */
		const allergies = page.getByLabel('Allergies et PAI (projet d’accueil individualisé)');
		assert.match(await accessibleDescription(allergies), /500 caractères au maximum/);
		await allergies.fill('a'.repeat(510));
		assert.match(await accessibleDescription(allergies), /510 caractères\s*: 10 caractères de trop/);
		await page.getByLabel('Prénom').fill('Jade');
		await page.getByLabel('Nom (obligatoire)', { exact: true }).fill('Moulin');
		/* A date the browser accepts but the service finds implausible. */
		await page.getByLabel('Date de naissance').fill('1990-01-01');
		await send.click();
		await fieldError(page, 'Allergies et PAI (projet d’accueil individualisé)', /ne doit pas dépasser 500 caractères/);
		await portal.axe(page, 'ajout d’un enfant, texte trop long');

		await allergies.fill('Allergie à l’arachide (PAI).\nPas de fruits à coque.');
		await send.click();
		/* The service's own check, shown next to its field. */
		await fieldError(page, 'Date de naissance', /n.est pas plausible pour un enfant/);
		await portal.axe(page, 'ajout d’un enfant, refus du service');
		await page.screenshot({ path: Portal.screenshotPath('enfant-erreur'), fullPage: true });

		await page.getByLabel('Date de naissance').fill('2019-05-21');
		await page.getByLabel('Sexe').selectOption('F');
		await page.getByLabel('École').fill('École Jules-Ferry, Valmont-sur-Loire');
		await page.getByLabel('Niveau scolaire').selectOption('CP');
		await page.getByLabel('Régime alimentaire').fill('Sans porc');
		await page.getByLabel('Médecin traitant').fill('Dr Roche, 02 38 00 11 22');
		await page.getByLabel('Personnes autorisées à venir chercher l’enfant').fill('Josette Moulin (grand-mère), 06 00 00 00 01');
		await send.click();

		await Portal.settled(page, '/famille.html');
		await portal.axe(page, 'ma famille, ajout en attente');
		await page.getByRole('status').getByText(/Votre demande d’ajout de Jade est envoyée au service/).waitFor();
		const pendingSection = page.getByRole('region', { name: 'Enfants en attente de validation' });
		await pendingSection.getByRole('heading', { name: 'Jade Moulin' }).waitFor();
		await pendingSection.getByText('Ajout en attente de validation').waitFor();
		await pendingSection.getByText('21 mai 2019').waitFor();
		assert.equal(await page.locator('[data-enfants] h3').count(), 0, 'not yet among the children');

		/* The dashboard lists it first, pending and highlighted. */
		await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: 'Tableau de bord' }).click();
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.axe(page, 'tableau de bord, demande en attente');
		let requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Ajout d’un enfant');
		assert.equal(requests[0].status, 'En attente');
		assert.match(requests[0].summary, /Jade Moulin/);
		assert.equal(requests[0].highlighted, true, 'a pending request is highlighted');
		assert.notEqual(requests[0].background, 'rgb(255, 255, 255)', 'with its own background');
		await page.getByText('1 demande attend la validation du service.').waitFor();
		await page.screenshot({ path: Portal.screenshotPath('tableau-de-bord-attente'), fullPage: true });

		/* The manager accepts it. */
		const adds = queue(['--kind', 'child_add', '--family', String(family.id)]);
		assert.equal(adds.length, 1);
		assert.equal(adds[0].status, 'pending');
		portal.portail_cli(['queue', 'accept', String(adds[0].id), '--note', 'Bienvenue à Jade']);

		await page.reload();
		await Portal.settled(page, '/tableau-de-bord.html');
		requests = await dashboardRequests(page);
		assert.equal(requests[0].status, 'Acceptée');
		assert.equal(requests[0].highlighted, false);
		assert.match(requests[0].text, /Message du service\s*: Bienvenue à Jade/);
		await page.getByText('Aucune demande n’attend la validation du service.').waitFor();
		await portal.axe(page, 'tableau de bord, demande acceptée');

		await portal.visit(page, '/famille.html');
		const card = page.locator('[data-enfants] > li').filter({ has: page.getByRole('heading', { name: 'Jade Moulin' }) });
		assert.equal(await card.count(), 1, 'Jade is among the children');
		await card.getByText('21 mai 2019').waitFor();
		await card.getByText('Fille').waitFor();
		await card.getByText('Cours préparatoire (CP)').waitFor();
		await card.getByText(/Allergie à l’arachide \(PAI\)\.\s+Pas de fruits à coque\./).waitFor();
		await card.getByText('Josette Moulin (grand-mère), 06 00 00 00 01').waitFor();
		assert.equal(await page.getByRole('region', { name: 'Enfants en attente de validation' }).count(), 0);

		/* An edit waits too: Ma famille shows the current and the asked values. */
		await card.getByRole('link', { name: 'Modifier la fiche de Jade' }).click();
		await Portal.settled(page, '/enfant.html');
		const childId = Number(new URL(page.url()).searchParams.get('id'));
		await page.getByRole('heading', { level: 1, name: 'Modifier la fiche de Jade Moulin' }).waitFor();
		await portal.axe(page, 'modification d’un enfant');
		assert.equal(await page.getByLabel('Prénom').inputValue(), 'Jade');
		assert.equal(await page.getByLabel('Date de naissance').inputValue(), '2019-05-21');
		assert.equal(await page.getByLabel('Niveau scolaire').inputValue(), 'CP');
		await page.getByLabel('Niveau scolaire').selectOption('CE1');
		await page.getByRole('button', { name: 'Envoyer la demande de modification' }).click();
		await Portal.settled(page, '/famille.html');
		await portal.axe(page, 'ma famille, modification en attente');
		const edited = page.locator('[data-enfants] > li').filter({ has: page.getByRole('heading', { name: 'Jade Moulin' }) });
		await edited.getByText('Modification en attente de validation').waitFor();
		const change = edited.locator('.comparaison__ligne');
		assert.equal(await change.count(), 1, 'only the school level changes');
		assert.match(await change.textContent(), /Niveau scolaire\s*Actuellement\s*: Cours préparatoire \(CP\)\s*Demandé\s*: Cours élémentaire 1re année \(CE1\)/);
		await page.screenshot({ path: Portal.screenshotPath('famille-modification-en-attente'), fullPage: true });

		/* The manager refuses it, with a reason the parent reads on the dashboard. */
		const edits = queue(['--kind', 'child_edit', '--family', String(family.id), '--status', 'pending']);
		assert.equal(edits.length, 1);
		assert.equal(edits[0].target_id, childId);
		portal.portail_cli(['queue', 'refuse', String(edits[0].id), '--reason', 'Certificat de scolarité manquant']);
		await portal.visit(page, '/tableau-de-bord.html');
		requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Modification d’un enfant');
		assert.equal(requests[0].status, 'Refusée');
		assert.match(requests[0].text, /Motif du refus\s*: Certificat de scolarité manquant/);
		const detail = page.locator('[data-demandes] > li').first().locator('details');
		await detail.locator('summary').click();
		await detail.getByText(/Demandé\s*: Cours élémentaire 1re année \(CE1\)/).waitFor();
		await portal.axe(page, 'tableau de bord, demande refusée, détail ouvert');

		/* The child's enrolment links lead to its place on Inscriptions. */
		await portal.visit(page, '/famille.html');
		await page.getByRole('link', { name: 'Toutes les inscriptions de Jade' }).click();
		await Portal.settled(page, '/inscriptions.html');
		assert.equal(new URL(page.url()).hash, `#enfant-${childId}`);
		assert.equal(await page.evaluate(() => document.activeElement.id), `enfant-${childId}`);
		await page.locator(`#enfant-${childId}`).getByText('Aucune inscription validée pour le moment.').waitFor();
		await portal.axe(page, 'inscriptions d’un enfant');

		/* Another family's child is not found. */
		const demo = portal.portail_cli_json(['family', 'list', '--search', DEMO.email, '--json']);
		const lea = demo[0].children.find((c) => c.first_name === 'Léa');
		assert.ok(lea, 'the demo family has Léa');
		await portal.visit(page, `/enfant.html?id=${lea.id}`, '/enfant.html');
		await page.getByText('Cet enfant est introuvable dans votre famille.').waitFor();
		assert.equal(await page.locator('[data-formulaire-enfant]').isVisible(), false);
		assert.equal(await page.getByText('Léa').count(), 0, 'nothing of the other family shows');
		await portal.axe(page, 'enfant introuvable');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('contact details edited on Mes coordonnées show at once and the dashboard says "Prise en compte"', async () => {
		const family = portal.newFamily('Perrin', 'Noé');
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, '/coordonnees.html');
		await page.getByText(family.email, { exact: true }).waitFor();
		await page.getByText(/seul le service peut la modifier/).waitFor();

		const open = page.getByRole('button', { name: 'Modifier mes coordonnées' });
		assert.equal(await open.getAttribute('aria-expanded'), 'false');
		await open.click();
		assert.equal(await open.getAttribute('aria-expanded'), 'true');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'titre-modifier');
		await portal.axe(page, 'mes coordonnées, formulaire ouvert');
		assert.equal(await page.getByLabel('Par e-mail').isChecked(), true, 'notifications by email by default');

		const form = page.locator('[data-formulaire-coordonnees]');
		const save = page.getByRole('button', { name: 'Enregistrer mes coordonnées' });
		await form.getByLabel('Téléphone', { exact: true }).fill('02 38');
		await form.getByLabel('Code postal').fill('ABCDE');
		await save.click();
		await fieldError(page, 'Téléphone', /10 chiffres/, { exact: true });
		await fieldError(page, 'Code postal', /5 chiffres/);
		await portal.axe(page, 'mes coordonnées, erreurs');

		await form.getByLabel('Téléphone', { exact: true }).fill('02 38 11 22 33');
		await form.getByLabel('Téléphone portable', { exact: true }).fill('06 98 76 54 32');
		await form.getByLabel('Numéro et rue').fill('3 place du Marché');
		await form.getByLabel('Code postal').fill('45190');
		await form.getByLabel('Commune').fill('Valmont-sur-Loire');
		await form.getByLabel('Employeur').fill('Boulangerie Perrin');
		await form.getByLabel('Par SMS, sur le téléphone portable').check();
		await save.click();
		await page.getByRole('status').getByText('Vos coordonnées sont enregistrées.').waitFor();
		assert.equal(await form.isVisible(), false, 'the form closes');
		await portal.axe(page, 'mes coordonnées enregistrées');

		const check = async () => {
			const me = await (await page.request.get('/api/v1/me')).json();
			assert.equal(me.guardian.phone.replace(/\D/g, ''), '0238112233');
			assert.equal(me.guardian.mobile_phone.replace(/\D/g, ''), '0698765432');
			const fiche = page.locator('[data-fiche]');
			/* Shown in pairs of digits, as people write them. */
			assert.equal(text(await fiche.locator('[data-valeur="phone"]').textContent()), '02 38 11 22 33');
			assert.equal(text(await fiche.locator('[data-valeur="mobile_phone"]').textContent()), '06 98 76 54 32');
			assert.match(await fiche.locator('[data-valeur="adresse"]').textContent(), /3 place du Marché\s*45190 Valmont-sur-Loire/);
			assert.equal((await fiche.locator('[data-valeur="employer"]').textContent()).trim(), 'Boulangerie Perrin');
			assert.equal((await fiche.locator('[data-valeur="notifications"]').textContent()).trim(), 'Oui, par e-mail et par SMS');
		};
		await check();
		await page.reload();
		await Portal.settled(page, '/coordonnees.html');
		await check();

		/* The change took effect at once and is listed for the service. */
		await portal.visit(page, '/tableau-de-bord.html');
		const requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Modification des coordonnées');
		assert.equal(requests[0].status, 'Prise en compte');
		assert.equal(requests[0].highlighted, false);
		const detail = page.locator('[data-demandes] > li').first().locator('details');
		await detail.locator('summary').click();
		await detail.getByText(/Demandé\s*: Boulangerie Perrin/).waitFor();
		await portal.axe(page, 'tableau de bord, coordonnées prises en compte');
		const applied = queue(['--kind', 'contact_change', '--family', String(family.id)]);
		assert.equal(applied.length, 1);
		assert.equal(applied[0].status, 'applied');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('when the service validates contact changes, Mes coordonnées shows the current and the pending values until the manager accepts', async () => {
		const family = portal.newFamily('Faure', 'Elie');
		const page = await portal.newPage();
		portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--wait']);
		try {
			const setting = portal.portail_cli_json(['queue', 'settings', '--json'])
				.find((k) => k.kind === 'contact_change');
			assert.equal(setting.needs_validation, true, 'contact changes now wait for the service');

			await portal.visit(page, '/connexion.html');
			await logIn(page, family.email, family.password);
			await Portal.settled(page, '/tableau-de-bord.html');
			await portal.visit(page, '/coordonnees.html');
			const waiting = page.locator('[data-attente]');
			assert.equal(await waiting.isVisible(), false, 'nothing waits yet');

			await page.getByRole('button', { name: 'Modifier mes coordonnées' }).click();
			const form = page.locator('[data-formulaire-coordonnees]');
			assert.equal(await form.getByText(/précédente demande attend encore/).isVisible(), false);
			await form.getByLabel('Téléphone', { exact: true }).fill('02 38 44 55 66');
			await form.getByLabel('Numéro et rue').fill('14 rue de la Poste');
			await form.getByLabel('Code postal').fill('45190');
			await form.getByLabel('Commune').fill('Valmont-sur-Loire');
			await form.getByLabel('Par e-mail').uncheck();
			await form.getByLabel('Par SMS, sur le téléphone portable').check();
			await page.getByRole('button', { name: 'Enregistrer mes coordonnées' }).click();

			/* The page says the change waits, and shows what it changes. */
			await page.getByRole('status').getByText('Votre demande de modification est envoyée au service. ' +
				'Vos nouvelles coordonnées seront prises en compte après sa validation.').waitFor();
			assert.equal(await form.isVisible(), false, 'the form closes');
			await waiting.getByText('Modification en attente de validation').waitFor();
			await portal.axe(page, 'mes coordonnées, modification en attente');
			await page.screenshot({ path: Portal.screenshotPath('coordonnees-attente'), fullPage: true });

			const checkPending = async () => {
				const me = await (await page.request.get('/api/v1/me')).json();
				assert.ok(!me.guardian.phone, 'the phone is unchanged until the service validates');
				assert.ok(!me.guardian.address, 'the address too');
				assert.equal(me.guardian.notify_by_email, true);
				assert.equal(me.guardian.notify_by_sms, false);
				const pending = me.pending.filter((r) => r.kind === 'contact_change');
				assert.equal(pending.length, 1);
				assert.equal(pending[0].status, 'pending');

				/* The record keeps the values in effect. */
				const fiche = page.locator('[data-fiche]');
				assert.equal(text(await fiche.locator('[data-valeur="phone"]').textContent()), 'Non renseigné');
				assert.equal(text(await fiche.locator('[data-valeur="adresse"]').textContent()), 'Non renseigné');
				assert.equal(text(await fiche.locator('[data-valeur="notifications"]').textContent()), 'Oui, par e-mail');

				/* For each changed field: the current value and the one asked. */
				const lines = (await waiting.locator('.comparaison__ligne').allInnerTexts()).map(text);
				assert.deepEqual(lines, [
					'Téléphone Actuellement : Non renseigné Demandé : 02 38 44 55 66',
					'Adresse Actuellement : Non renseigné Demandé : 14 rue de la Poste',
					'Code postal Actuellement : Non renseigné Demandé : 45190',
					'Commune Actuellement : Non renseigné Demandé : Valmont-sur-Loire',
					'Notifications par e-mail Actuellement : Oui Demandé : Non',
					'Notifications par SMS Actuellement : Non Demandé : Oui',
				]);
				await waiting.getByText(/^Demande envoyée le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2}(er)? \S+ \d{4} à \d{1,2}\s*h\s*\d{2}\.$/).waitFor();
			};
			await checkPending();
			await page.reload();
			await Portal.settled(page, '/coordonnees.html');
			await checkPending();

			/* Opened again, the form starts from the values asked, and says why. */
			await page.getByRole('button', { name: 'Modifier mes coordonnées' }).click();
			await form.getByText(/précédente demande attend encore la validation du service/).waitFor();
			assert.equal((await form.getByLabel('Téléphone', { exact: true }).inputValue()).replace(/\D/g, ''), '0238445566');
			assert.equal(await form.getByLabel('Numéro et rue').inputValue(), '14 rue de la Poste');
			assert.equal(await form.getByLabel('Par e-mail').isChecked(), false);
			await portal.axe(page, 'mes coordonnées, formulaire avec une demande en attente');
			await page.getByRole('button', { name: 'Annuler' }).click();

			/* Ma famille says so on the parent's card; the dashboard highlights it. */
			await portal.visit(page, '/famille.html');
			const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Elie Faure (vous)' }) });
			await card.getByText('Modification en attente de validation').waitFor();
			await portal.visit(page, '/tableau-de-bord.html');
			const requests = await dashboardRequests(page);
			assert.equal(requests[0].kind, 'Modification des coordonnées');
			assert.equal(requests[0].status, 'En attente');
			assert.equal(requests[0].highlighted, true);

			/* The manager accepts it: the new values are the current ones. */
			const changes = queue(['--kind', 'contact_change', '--family', String(family.id), '--status', 'pending']);
			assert.equal(changes.length, 1);
			portal.portail_cli(['queue', 'accept', String(changes[0].id)]);

			await portal.visit(page, '/coordonnees.html');
			assert.equal(await waiting.isVisible(), false, 'nothing waits any more');
			const me = await (await page.request.get('/api/v1/me')).json();
			assert.equal(me.guardian.phone, '0238445566');
			assert.equal(me.guardian.address, '14 rue de la Poste');
			assert.equal(me.guardian.notify_by_email, false);
			assert.equal(me.guardian.notify_by_sms, true);
			assert.deepEqual(me.pending.filter((r) => r.kind === 'contact_change'), []);
			const fiche = page.locator('[data-fiche]');
			assert.equal(text(await fiche.locator('[data-valeur="phone"]').textContent()), '02 38 44 55 66');
			assert.match(await fiche.locator('[data-valeur="adresse"]').textContent(), /^\s*14 rue de la Poste\s*45190 Valmont-sur-Loire\s*$/);
			assert.equal(text(await fiche.locator('[data-valeur="notifications"]').textContent()), 'Oui, par SMS');
			await page.getByRole('button', { name: 'Modifier mes coordonnées' }).click();
			assert.equal(await form.getByText(/précédente demande attend encore/).isVisible(), false);
			await portal.visit(page, '/tableau-de-bord.html');
			const after = await dashboardRequests(page);
			assert.equal(after[0].status, 'Acceptée');
			assert.equal(after[0].highlighted, false);
			Portal.assertClean(page);
		} finally {
			await page.context().close();
			/* Back to the default, whatever happened: contact changes apply at once. */
			portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--no-wait']);
		}
	});

	it('a change overtaken by a newer one is accepted without effect and shown "Non appliquée"', async () => {
		const family = portal.newFamily('Roux', 'Lou');
		const page = await portal.newPage();
		portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--wait']);
		try {
			await portal.visit(page, '/connexion.html');
			await logIn(page, family.email, family.password);
			await Portal.settled(page, '/tableau-de-bord.html');
			const me = await (await page.request.get('/api/v1/me')).json();
			const send = async (city) => {
				const r = await page.request.put('/api/v1/me/contact', {
					headers: { 'X-CSRF-Token': me.csrf_token },
					data: { phone: '', mobile_phone: '', work_phone: '', address: '2 rue Haute',
						postcode: '45000', city, employer: '', notify_by_email: true, notify_by_sms: false },
				});
				assert.equal(r.status(), 200, await r.text());
			};
			await send('Tours');
			await send('Blois');

			/* The manager accepts the newer, then the older: it no longer applies. */
			const pending = queue(['--kind', 'contact_change', '--family', String(family.id), '--status', 'pending']);
			assert.equal(pending.length, 2);
			portal.portail_cli(['queue', 'accept', String(pending[0].id)]);
			assert.throws(() => portal.portail_cli(['queue', 'accept', String(pending[1].id)]), /outdated/);
			const after = await (await page.request.get('/api/v1/me')).json();
			assert.equal(after.guardian.city, 'Blois', 'the newer values stay');

			await portal.visit(page, '/tableau-de-bord.html');
			const requests = await dashboardRequests(page);
			const outdated = requests.filter((r) => r.status === 'Non appliquée');
			assert.equal(outdated.length, 1, JSON.stringify(requests));
			assert.match(outdated[0].text, /modifiées depuis l’envoi de cette demande\s*: elle n’a pas été appliquée/);
			assert.equal(requests.filter((r) => r.status === 'Acceptée').length, 1);
			await portal.axe(page, 'tableau de bord, demande non appliquée');
			Portal.assertClean(page);
		} finally {
			await page.context().close();
			portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--no-wait']);
		}
	});

	it('changing the password on Mes coordonnées needs the current one and ends the other sessions', async () => {
		const family = portal.newFamily('Garnier', 'Lou');
		const other = await portal.newPage();
		await portal.visit(other, '/connexion.html');
		await logIn(other, family.email, family.password);
		await Portal.settled(other, '/tableau-de-bord.html');

		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, '/coordonnees.html');
		await page.getByText(/ferme vos autres sessions ouvertes/).waitFor();
		const current = page.getByLabel('Mot de passe actuel');
		const fresh = page.getByLabel('Nouveau mot de passe', { exact: true });
		const confirm = page.getByLabel('Confirmez le nouveau mot de passe');
		const save = page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' });
		const chosen = 'Un autre mot de passe 2026';

		await current.fill('Pas le bon mot de passe');
		await fresh.fill(chosen);
		await confirm.fill(chosen);
		await save.click();
		await fieldError(page, 'Mot de passe actuel', /Le mot de passe actuel est incorrect\./);
		assert.equal(new URL(page.url()).pathname, '/coordonnees.html', 'still logged in');
		await portal.axe(page, 'changement de mot de passe, mot de passe actuel faux');

		await current.fill(family.password);
		await save.click();
		await page.getByRole('status').getByText('Votre mot de passe est changé. Vos autres sessions sont fermées.').waitFor();
		await portal.axe(page, 'mot de passe changé');
		assert.equal((await page.request.get('/api/v1/me')).status(), 200, 'this session goes on');
		assert.equal((await other.request.get('/api/v1/me')).status(), 401, 'the other session is over');
		await portal.visit(other, '/famille.html', '/connexion.html');
		await logIn(other, family.email, chosen);
		await Portal.settled(other, '/tableau-de-bord.html');
		Portal.assertClean(page);
		Portal.assertClean(other);
		await page.context().close();
		await other.context().close();
	});

	it('every new page fits a 360-pixel-wide phone', async () => {
		const family = portal.newFamily('Leroy', 'Sam');
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		const fits = () => Portal.assertFits(page, 360);
		for (const p of ['/inscription.html', '/mot-de-passe-oublie.html', '/reinitialiser.html?jeton=abc']) {
			await portal.visit(page, p, p.replace(/\?.*/, ''));
			await fits();
		}
		await page.goto('/confirmer.html');
		await Portal.settled(page, '/confirmer.html');
		await page.getByText(/Ce lien est incomplet/).waitFor();
		await portal.axe(page, 'confirmation sans jeton');
		await fits();

		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		/* A child and a pending edit, so that every block shows. */
		const me = await (await page.request.get('/api/v1/me')).json();
		const body = {
			first_name: 'Maëlys-Clémentine', last_name: 'Leroy-Delacroix-Fontaine', birth_date: '2016-11-30',
			sex: 'F', school: 'Groupe scolaire Marie-Curie-et-Pierre-Curie de Valmont-sur-Loire', school_level: 'CM1',
			allergies: 'Allergie sévère aux protéines de lait de vache, trousse d’urgence dans le cartable.',
			diet: 'Sans lactose', doctor: 'Dr Anne-Sophie Vandenberghe-Lefèvre, 02 38 00 00 00',
			authorized_pickup: 'Jean-Christophe Leroy-Delacroix (oncle), 06 00 00 00 02',
		};
		const headers = { 'X-CSRF-Token': me.csrf_token };
		const added = await page.request.post('/api/v1/children', { data: body, headers });
		assert.equal(added.status(), 202);
		const id = (await added.json()).request.id;
		portal.portail_cli(['queue', 'accept', String(id)]);
		const child = (await (await page.request.get('/api/v1/me')).json()).family.children[0];
		const edit = await page.request.put(`/api/v1/children/${child.id}`,
			{ data: { ...body, school_level: 'CM2', diet: 'Sans lactose ni œufs' }, headers });
		assert.equal(edit.status(), 202);
		const contact = await page.request.put('/api/v1/me/contact', {
			data: { phone: '0238000000', mobile_phone: '', work_phone: '', address: '1 rue des Tilleuls',
				postcode: '45190', city: 'Valmont-sur-Loire', employer: '', notify_by_email: true, notify_by_sms: false },
			headers,
		});
		assert.equal(contact.status(), 200);
		/* A child whose addition waits, and a contact change that waits. */
		const pendingAdd = await page.request.post('/api/v1/children', {
			data: { ...body, first_name: 'Anne-Charlotte-Éléonore', birth_date: '2021-02-03', school_level: 'PS' },
			headers,
		});
		assert.equal(pendingAdd.status(), 202);
		portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--wait']);
		try {
			const waiting = await page.request.put('/api/v1/me/contact', {
				data: { phone: '0238000000', mobile_phone: '0611223344', work_phone: '0238998877',
					address: '27 boulevard du Maréchal-de-Lattre-de-Tassigny', postcode: '45190',
					city: 'Valmont-sur-Loire', employer: 'Communauté de communes des Terres du Val de Loire',
					notify_by_email: false, notify_by_sms: true },
				headers,
			});
			assert.equal(waiting.status(), 200);
			assert.equal((await waiting.json()).request.status, 'pending');
		} finally {
			portal.portail_cli(['queue', 'settings', 'set', 'contact_change', '--no-wait']);
		}

		for (const p of ['/tableau-de-bord.html', '/famille.html', `/enfant.html?id=${child.id}`, '/enfant.html',
			'/coordonnees.html', `/inscriptions.html#enfant-${child.id}`]) {
			await portal.visit(page, p, p.replace(/[?#].*/, ''));
			await fits();
		}
		await page.getByRole('button', { name: 'Menu' }).click();
		await portal.visit(page, '/coordonnees.html');
		await page.getByRole('button', { name: 'Modifier mes coordonnées' }).click();
		await portal.axe(page, 'mes coordonnées à 360 px, formulaire ouvert');
		await fits();
		await page.screenshot({ path: Portal.screenshotPath('coordonnees-360'), fullPage: true });
		await portal.visit(page, '/famille.html');
		await page.screenshot({ path: Portal.screenshotPath('famille-360'), fullPage: true });
		await portal.visit(page, '/tableau-de-bord.html');
		await page.locator('[data-demandes] details').first().locator('summary').click();
		await portal.axe(page, 'tableau de bord à 360 px, détail ouvert');
		await fits();
		await page.screenshot({ path: Portal.screenshotPath('tableau-de-bord-demandes-360'), fullPage: true });
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a forgotten password is reset through the link mailed by the SMTP server', async () => {
		const page = await portal.newPage();
		const chosen = 'Un nouveau départ pour Camille';
		try {
			/* Without a token, the reset page says the link is incomplete. */
			await portal.visit(page, '/reinitialiser.html');
			await page.getByText(/Ce lien est incomplet/).waitFor();

			await portal.visit(page, '/connexion.html');
			await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
			await Portal.settled(page, '/mot-de-passe-oublie.html');
			await portal.axe(page, 'mot de passe oublié');
			const send = page.getByRole('button', { name: 'Recevoir le lien' });
			await send.click();
			await fieldError(page, 'Adresse e-mail', /Saisissez votre adresse e-mail\./);
			await portal.axe(page, 'mot de passe oublié, champ vide');

			/* An unknown address gets the same answer as a known one. */
			await page.getByLabel('Adresse e-mail').fill('personne.inconnue@example.org');
			await send.click();
			await page.getByText('Si un compte correspond à l’adresse personne.inconnue@example.org, un e-mail vient de lui être envoyé.').waitFor();
			await portal.axe(page, 'mot de passe oublié, envoyé');

			await portal.visit(page, '/mot-de-passe-oublie.html');
			await page.getByLabel('Adresse e-mail').fill(DEMO.email);
			await page.getByRole('button', { name: 'Recevoir le lien' }).click();
			await page.getByText(`Si un compte correspond à l’adresse ${DEMO.email}, un e-mail vient de lui être envoyé.`).waitFor();

			const message = await portal.mail.waitFor({ to: DEMO.email, subject: /Nouveau mot de passe/ });
			checkMessage(message, DEMO.email);
			assert.match(message.body, /Bonjour Camille,/);
			assert.match(message.body, /valable une\s+heure/);
			const link = linkIn(message, 'reinitialiser');

			await page.goto(link);
			await Portal.settled(page, '/reinitialiser.html');
			await portal.axe(page, 'réinitialisation');
			const fresh = page.getByLabel('Nouveau mot de passe');
			const confirm = page.getByLabel('Confirmez le mot de passe');
			const save = page.getByRole('button', { name: 'Enregistrer mon nouveau mot de passe' });
			await fresh.fill('court');
			await confirm.fill('court');
			await save.click();
			await fieldError(page, 'Nouveau mot de passe', /au moins 12 caractères/);
			await portal.axe(page, 'réinitialisation, mot de passe trop court');

			await fresh.fill(chosen);
			await confirm.fill(chosen);
			await save.click();
			await Portal.settled(page, '/connexion.html');
			await page.getByRole('status').getByText('Votre nouveau mot de passe est enregistré. Connectez-vous avec lui.').waitFor();
			await portal.axe(page, 'connexion après réinitialisation');

			await logIn(page, DEMO.email, DEMO.password);
			await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor();
			await logIn(page, DEMO.email, chosen);
			await Portal.settled(page, '/tableau-de-bord.html');
			await page.locator('main .salutation').getByText('Camille Lambert').waitFor();
			await page.getByRole('button', { name: 'Se déconnecter' }).click();
			await Portal.settled(page, '/connexion.html');

			/* The link works once. */
			await page.goto(link);
			await Portal.settled(page, '/reinitialiser.html');
			await fresh.fill('Encore un autre mot de passe');
			await confirm.fill('Encore un autre mot de passe');
			await save.click();
			await page.getByRole('alert').getByText(/Ce lien n.est plus valide/).waitFor();
			assert.equal(await page.locator('[data-formulaire-reinitialisation]').isVisible(), false);
			await page.getByRole('link', { name: 'Demander un nouveau lien' }).waitFor();
			await portal.axe(page, 'réinitialisation, lien déjà utilisé');
			Portal.assertClean(page);
		} finally {
			await page.context().close();
			/* Give the demo parent their password back. */
			portal.portail_cli(['account', 'set-password', DEMO.email], `${DEMO.password}\n`);
		}
	});

	it('the pages hold no copy of a field\'s limits or lists: they take them from the vocabulary', () => {
		const root = path.join(__dirname, '..', '..', 'portail-web', 'static');
		const files = [];
		const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
			const p = path.join(dir, e.name);
			if (e.isDirectory())
				walk(p);
			else if (/\.(html|js)$/.test(e.name))
				files.push(p);
		});
		walk(root);
		assert.ok(files.length > 10);
		for (const file of files) {
			const text = fs.readFileSync(file, 'utf8');
			for (const copy of [/data-limite="\d/, /maxlength=/, /\bCE1\b/, /Garçon/, /\b128\b/,
				/\\d\{5\}/, /\\d\{9\}/, /school-levels/]) {
				assert.doesNotMatch(text, copy, `${path.relative(root, file)} copies a rule of the field table`);
			}
		}
	});

	it('portail-web served it all and stops cleanly, without sanitizer reports', async () => {
		await portal.stopServer();
	});
});
