/*
 * attestation.test.js — the certificate of enrolment (attestation
 * d'inscription) in a real browser: on the rubrique "Inscriptions et
 * réservations", a validated enrolment offers "Demander une attestation";
 * asked, the certificate is issued at once and "Télécharger l'attestation"
 * downloads a PDF (the file starts with %PDF, named after its reference);
 * the dashboard lists the request. When the manager makes the kind wait
 * (`portail-cli queue settings set certificate --wait`), the card says the
 * request waits and the dashboard shows it pending, until the manager
 * accepts it in portail-cli and the download appears. axe-core checks each
 * state; the catalogue is catalogue.js, imported with portail-cli.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { Portal, dashboardRequests } = require('./harness.js');
const catalogue = require('./catalogue.js');

const portal = new Portal({ demo: false });
const logIn = Portal.logIn;
let dir;
let dates;
let family;
const children = {};

/* Through the parent's API: a child added (the manager accepts it) and
 * enrolled in the Mercredis, the manager validating the enrolment. */
async function validatedChild(page, firstName) {
	const me = await (await page.request.get('/api/v1/me')).json();
	const headers = { 'X-CSRF-Token': me.csrf_token };
	let r = await page.request.post('/api/v1/children', { headers, data: { first_name: firstName,
		last_name: 'Martel', birth_date: catalogue.addDays(dates.today, -8 * 365), school_level: 'CE1' } });
	assert.equal(r.status(), 202, await r.text());
	portal.portail_cli(['queue', 'accept', String((await r.json()).request.id)]);
	const after = await (await page.request.get('/api/v1/me')).json();
	const child = after.family.children.find((c) => c.first_name === firstName);
	r = await page.request.post(`/api/v1/children/${child.id}/enrolments`, { headers, data: {
		period: 'test-mercredis', group: 'elementaires', first_day: catalogue.addDays(dates.today, 7),
		last_day: dates.mercredis.last, comment: '', accept_rules: '2026-1' } });
	assert.equal(r.status(), 201, await r.text());
	portal.portail_cli(['queue', 'accept', String((await r.json()).request.id)]);
	return child;
}

/* The card of @child's Mercredis on the rubrique. */
function card(page, child) {
	return page.locator(`#enfant-${child.id} article.inscription`)
		.filter({ has: page.getByRole('heading', { name: 'Mercredis', exact: true }) });
}

describe('the certificate of enrolment', () => {
	before(async () => {
		await portal.start();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-catalogue-'));
		const written = catalogue.write(dir);
		dates = written.dates;
		portal.portail_cli(['catalogue', 'import', written.file]);
		family = portal.newFamily('Martel', 'Inès');

		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		children.lou = await validatedChild(page, 'Lou');
		children.sam = await validatedChild(page, 'Sam');
		await page.context().close();
	});

	after(async () => {
		await portal.stop();
		if (dir)
			fs.rmSync(dir, { recursive: true, force: true });
	});

	it('is asked for on a validated enrolment and downloaded at once as a PDF', async () => {
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, '/inscriptions.html');

		const lou = card(page, children.lou);
		const ask = lou.getByRole('button', { name: 'Demander une attestation' });
		await ask.waitFor();
		await portal.axe(page, 'inscriptions, attestation à demander');
		await ask.click();
		const download = lou.getByRole('link', { name: /^Télécharger l’attestation/ });
		await download.waitFor();
		await portal.axe(page, 'inscriptions, attestation délivrée');
		await page.screenshot({ path: Portal.screenshotPath('attestation-delivree'), fullPage: true });

		const reference = await download.getAttribute('data-attestation');
		assert.match(reference, /^ATT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/);
		const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
		assert.equal(file.suggestedFilename(), `attestation-${reference}.pdf`);
		const bytes = fs.readFileSync(await file.path());
		assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
		assert.ok(bytes.length > 1000, `a whole document (${bytes.length} bytes)`);

		/* The page as it is next time: the download, no button. */
		await page.reload();
		await Portal.settled(page, '/inscriptions.html');
		await card(page, children.lou).getByRole('link', { name: /^Télécharger l’attestation/ }).waitFor();
		assert.equal(await card(page, children.lou).getByRole('button', { name: 'Demander une attestation' }).count(), 0);

		/* The dashboard lists the request, taken into account. */
		await portal.visit(page, '/tableau-de-bord.html');
		const requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Attestation d’inscription');
		assert.equal(requests[0].status, 'Prise en compte');
		assert.match(requests[0].text, /Lou Martel/);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('waits for the manager when the service says so, then can be downloaded', async () => {
		portal.portail_cli(['queue', 'settings', 'set', 'certificate', '--wait']);
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, family.email, family.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await portal.visit(page, '/inscriptions.html');

		const sam = card(page, children.sam);
		await sam.getByRole('button', { name: 'Demander une attestation' }).click();
		await sam.getByText('Attestation demandée, en attente de validation par le service.').waitFor();
		assert.equal(await sam.getByRole('link', { name: /^Télécharger l’attestation/ }).count(), 0);
		await portal.axe(page, 'inscriptions, attestation en attente');

		await portal.visit(page, '/tableau-de-bord.html');
		const requests = await dashboardRequests(page);
		assert.equal(requests[0].kind, 'Attestation d’inscription');
		assert.equal(requests[0].status, 'En attente');

		const queued = portal.portail_cli_json(['queue', 'list', '--json', '--kind', 'certificate',
			'--status', 'pending']);
		assert.equal(queued.length, 1);
		portal.portail_cli(['queue', 'accept', String(queued[0].id)]);

		await portal.visit(page, '/inscriptions.html');
		const link = card(page, children.sam).getByRole('link', { name: /^Télécharger l’attestation/ });
		await link.waitFor();
		const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
		assert.equal(fs.readFileSync(await file.path()).subarray(0, 5).toString('latin1'), '%PDF-');
		Portal.assertClean(page);
		await page.context().close();
	});
});
