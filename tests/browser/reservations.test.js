/*
 * reservations.test.js — Mes réservations in a real browser, over a small
 * catalogue of its own loaded with `portail-cli catalogue import` and dated
 * around the day the tests run: a period open Monday to Friday with the
 * units Journée, Matin and Après-midi (Matin and Après-midi incompatible
 * with Journée) and a notice period of two days at noon for booking and
 * cancelling. A child of a new family is enrolled and the manager validates
 * the enrolment in portail-cli; then the parent, from the enrolment's card:
 *   - books two days (Journée) and a unit (Matin) of another day by ticking
 *     them, sees the selection counted and listed, confirms, and reads the
 *     answer day by day; the manager has closed a fourth day meanwhile (the
 *     catalogue imported again with the closure), whose booking comes back
 *     refused with the manager's reason, and the month read again shows it
 *     closed with that reason;
 *   - sees "modifiable jusqu’au …" on the days that can still change, and
 *     every day and unit of the month as the API states it;
 *   - cancels one of the two days;
 *   - at 360 px, does it all with the keyboard alone;
 *   - sets a typical week (Semaine type) on the weekday of the closed day,
 *     previews it (the days booked, the closed day skipped with its reason,
 *     as the API's preview says) and confirms it: the days are booked;
 * axe-core checks every state of the page for WCAG 2.1 A and AA.
 */
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

const { Portal, accessibleDescription, frenchDate } = require('./harness.js');
const { today, addDays } = require('./catalogue.js');

const portal = new Portal({ demo: false });
let dir;
let family;
let child;
let enrolment;
const CLOSURE_REASON = 'Journée pédagogique';

const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
	'septembre', 'octobre', 'novembre', 'décembre'];

function text(s) {
	return (s || '').replace(/\s+/g, ' ').trim();
}

function weekday(iso) {
	return new Date(`${iso}T12:00:00Z`).getUTCDay();
}

/* "2026-12-02" → "mercredi 2 décembre 2026", written apart from the page's code. */
function longDay(iso) {
	return `${WEEKDAYS[weekday(iso)]} ${frenchDate(iso)}`;
}

/* "2026-12" → "Décembre 2026". */
function monthTitle(month) {
	const name = MONTHS[parseInt(month.slice(5), 10) - 1];
	return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${month.slice(0, 4)}`;
}

/* The catalogue of these tests, with @closures ([{day, reason}]) on the period. */
function catalogue(dates, closures = []) {
	return {
		format: 1,
		facilities: [{ code: 'service-jeunesse', name: 'Service Jeunesse', activity_types: [
			{ code: 'centre-de-loisirs', name: 'Centre de Loisirs', category: 'loisirs', activities: [
				{ code: 'accueil-loisirs', name: 'Accueil de loisirs', description: '', asks_comment: false,
					documents: [], booking_blocked_if_missing: false,
					periods: [{
						code: 'test-loisirs', label: 'Accueil de loisirs (test)',
						first_day: dates.first, last_day: dates.last,
						opening_weekdays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
						closures,
						enrolment: { opens: addDays(dates.today, -60), closes: addDays(dates.today, 90) },
						capacity_counters: [{ code: 'places', label: 'Places', capacity: 30 }],
						units: [
							{ code: 'journee', label: 'Journée', starts_at: '08:30', ends_at: '17:30', counter: 'places' },
							{ code: 'matin', label: 'Matin', starts_at: '08:30', ends_at: '12:00', counter: 'places',
								incompatible_with: ['journee'] },
							{ code: 'apres-midi', label: 'Après-midi', starts_at: '13:30', ends_at: '17:30',
								counter: 'places', incompatible_with: ['journee'] },
						],
						reservation_rules: {
							booking: { notice: 'D-2 12:00' },
							cancelling: { notice: 'D-2 12:00' },
						},
						groups: [{ code: 'elementaires', label: 'Élémentaires', capacity: 30,
							school_levels: ['CP', 'CE1', 'CE2', 'CM1', 'CM2'] }],
					}] },
			] },
		] }],
	};
}

function importCatalogue(dates, closures) {
	const file = path.join(dir, `catalogue-${Date.now()}.json`);
	fs.writeFileSync(file, `${JSON.stringify(catalogue(dates, closures), null, 2)}\n`);
	portal.portail_cli(['catalogue', 'import', file]);
}

/*
 * The days the tests book: five weekdays of one month, all at least a week
 * ahead (past the notice of two days), the earliest such month.
 */
function pickDays(day) {
	const byMonth = new Map();
	for (let i = 7; i < 70; i++) {
		const d = addDays(day, i);
		if (weekday(d) === 0 || weekday(d) === 6)
			continue;
		const m = d.slice(0, 7);
		if (!byMonth.has(m))
			byMonth.set(m, []);
		byMonth.get(m).push(d);
	}
	for (const [month, days] of byMonth) {
		if (days.length >= 5)
			return { month, days: days.slice(0, 5) };
	}
	throw new Error('no month with five weekdays ahead');
}

async function logIn(page) {
	await portal.visit(page, '/connexion.html');
	await Portal.logIn(page, family.email, family.password);
	await Portal.settled(page, '/tableau-de-bord.html');
}

/* The check box of @unit (its label) on @day; its accessible name is the
 * unit, then the day ("Journée, lundi 7 décembre"; the day, visually
 * hidden, may bring a space before the comma). */
function unitBox(page, day, unit) {
	return page.locator(`li.jour[data-jour="${day}"]`).getByRole('checkbox', { name: new RegExp(`^${unit}\\s*,`) });
}

function dayItem(page, day) {
	return page.locator(`li.jour[data-jour="${day}"]`);
}

/* Go forward to @month with "Mois suivant". */
async function showMonth(page, month, keyboard = false) {
	for (let i = 0; i < 3; i++) {
		const title = text(await page.locator('#titre-mois').textContent());
		if (title === monthTitle(month))
			return;
		const next = page.getByRole('button', { name: /^Mois suivant/ });
		if (keyboard) {
			await next.focus();
			await page.keyboard.press('Enter');
		} else {
			await next.click();
		}
		await Portal.settled(page, '/reservations.html');
	}
	assert.equal(text(await page.locator('#titre-mois').textContent()), monthTitle(month));
}

/* Every day and unit of the month shown, against the calendar of the API. */
async function assertMonthAsTheApiSays(page, month) {
	const cal = await (await page.request.get(`/api/v1/enrolments/${enrolment.id}/calendar?month=${month}`)).json();
	assert.equal(cal.month, month);
	const labels = Object.fromEntries(cal.units.map((u) => [u.code, u.label]));
	let modifiable = 0;
	for (const d of cal.days) {
		const item = dayItem(page, d.day);
		assert.equal(await item.count(), 1, `${d.day} is in the list`);
		const shown = text(await item.textContent());
		if (d.state !== 'open') {
			if (d.reason)
				assert.ok(shown.includes(d.reason), `${d.day} (${d.state}) reads "${shown}", with "${d.reason}"`);
			assert.equal(await item.getByRole('checkbox').count(), 0, `${d.day} has nothing to tick`);
			continue;
		}
		for (const u of d.units) {
			const box = unitBox(page, d.day, labels[u.unit]);
			if (!u.modifiable) {
				assert.equal(await box.count(), 0, `${d.day} ${u.unit} (${u.state}) cannot be ticked`);
				if (u.reason)
					assert.ok(shown.includes(u.reason), `${d.day} ${u.unit} reads "${shown}", with "${u.reason}"`);
				continue;
			}
			assert.equal(await box.isChecked(), ['booked', 'pending', 'waiting'].includes(u.state),
				`${d.day} ${u.unit} (${u.state}) is ticked when held`);
			const description = await accessibleDescription(box);
			if (u.modifiable_until_label) {
				modifiable++;
				assert.ok(description.includes(`modifiable jusqu’au ${u.modifiable_until_label}`),
					`${d.day} ${u.unit}: "${description}"`);
			}
		}
	}
	return { cal, modifiable };
}

async function selectionSummary(page) {
	return text(await page.locator('[data-resume-selection]').textContent());
}

/* The answer as shown: {"day|unit": "Issue — reason"}. */
async function answer(page) {
	await page.locator('[data-resultat]').waitFor();
	return page.locator('[data-resultat] li.resultat__ligne').evaluateAll((lines) => Object.fromEntries(lines.map((l) => [
		l.getAttribute('data-issue'),
		[l.querySelector('.resultat__issue').textContent, (l.querySelector('.resultat__raison') || {}).textContent || '']
			.join('').replace(/\s+/g, ' ').trim(),
	])));
}

function reservations(status) {
	const args = ['reservation', 'list', '--family', String(family.id), '--json'];
	if (status)
		args.push('--status', status);
	return portal.portail_cli_json(args).map((r) => `${r.day}|${r.unit}`).sort();
}

describe('Mes réservations: the month calendar of an enrolment', () => {
	let dates;
	let picked;

	before(async () => {
		await portal.start();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portail-reservations-'));
		const day = today();
		dates = { today: day, first: addDays(day, -30), last: addDays(day, 120) };
		picked = pickDays(day);
		importCatalogue(dates);
		family = portal.newFamily('Moreau', 'Julie');

		const page = await portal.newPage();
		await logIn(page);
		const me = await (await page.request.get('/api/v1/me')).json();
		const headers = { 'X-CSRF-Token': me.csrf_token };
		const added = await page.request.post('/api/v1/children', { headers, data: {
			first_name: 'Tom', last_name: 'Moreau', birth_date: addDays(day, -8 * 365), school_level: 'CE1' } });
		assert.equal(added.status(), 202, await added.text());
		portal.portail_cli(['queue', 'accept', String((await added.json()).request.id)]);
		child = (await (await page.request.get('/api/v1/me')).json()).family.children[0];
		const enrolled = await page.request.post(`/api/v1/children/${child.id}/enrolments`, { headers, data: {
			period: 'test-loisirs', group: 'elementaires', first_day: dates.first, last_day: dates.last } });
		assert.equal(enrolled.status(), 201, await enrolled.text());
		enrolment = (await enrolled.json()).enrolment;
		portal.portail_cli(['enrolment', 'validate', String(enrolment.id)]);
		await page.context().close();
	});

	after(async () => {
		await portal.stop();
		if (dir)
			fs.rmSync(dir, { recursive: true, force: true });
	});

	it('books two days and a unit, sees a closed day refused with its reason, then cancels a day', async () => {
		const [a, b, c, closed] = picked.days;
		const page = await portal.newPage();
		await logIn(page);

		/* From the enrolment's card on the rubrique. */
		await portal.visit(page, '/inscriptions.html');
		await page.getByRole('link', { name: 'Réservations de Tom, Accueil de loisirs' }).click();
		await Portal.settled(page, '/reservations.html');
		await portal.axe(page, 'réservations');
		assert.equal(await page.getByLabel('Enfant et inscription').inputValue(), String(enrolment.id));
		assert.equal(text(await page.locator('#titre-mois').textContent()), monthTitle(today().slice(0, 7)));
		await assertMonthAsTheApiSays(page, today().slice(0, 7));

		await showMonth(page, picked.month);
		await portal.axe(page, `réservations, ${picked.month}`);
		const { modifiable } = await assertMonthAsTheApiSays(page, picked.month);
		assert.ok(modifiable > 0, 'the days that can change say until when');
		/* Two days at noon before, in Paris, in French. */
		const until = addDays(a, -2);
		assert.match(text(await dayItem(page, a).locator('.unite').first().textContent()),
			new RegExp(`modifiable jusqu’au ${WEEKDAYS[weekday(until)]} ${parseInt(until.slice(8), 10) === 1 ? '1er' : parseInt(until.slice(8), 10)} ${MONTHS[parseInt(until.slice(5, 7), 10) - 1]} à 12 h 00`));
		assert.equal(await page.getByRole('button', { name: 'Confirmer' }).isDisabled(), true, 'nothing to confirm yet');

		/* Two days and a unit. */
		await unitBox(page, a, 'Journée').check();
		await unitBox(page, b, 'Journée').check();
		await unitBox(page, c, 'Matin').check();
		assert.equal(await selectionSummary(page), '3 changements sélectionnés : 3 à réserver.');
		assert.deepEqual((await page.locator('[data-liste-selection] li').allTextContents()).map(text), [
			`Réserver Journée, ${longDay(a)}`, `Réserver Journée, ${longDay(b)}`, `Réserver Matin, ${longDay(c)}`]);
		await portal.axe(page, 'réservations, sélection');

		/* The manager closes a fourth day meanwhile; the page still offers it. */
		importCatalogue(dates, [{ day: closed, reason: CLOSURE_REASON }]);
		await unitBox(page, closed, 'Journée').check();
		assert.equal(await selectionSummary(page), '4 changements sélectionnés : 4 à réserver.');
		await page.getByRole('button', { name: 'Confirmer' }).click();

		const shown = await answer(page);
		assert.deepEqual(shown, {
			[`${a}|journee`]: 'Réservé',
			[`${b}|journee`]: 'Réservé',
			[`${c}|matin`]: 'Réservé',
			[`${closed}|journee`]: `Refusé — Fermé (${CLOSURE_REASON})`,
		});
		await page.locator('[data-resultat]').getByRole('heading', { name: longDay(closed) }).waitFor();
		assert.equal(text(await page.locator('[data-resultat-annonce]').textContent()),
			'Réponse du service : 3 changements faits, 1 refusé.');
		assert.equal(await page.locator('[data-resultat-annonce]').getAttribute('role'), 'status');
		await Portal.settled(page, '/reservations.html');
		await portal.axe(page, 'réservations, réponse');
		await page.screenshot({ path: Portal.screenshotPath('reservations-reponse'), fullPage: true });

		/* The month read again: booked, and the closed day with its reason. */
		assert.equal(await unitBox(page, a, 'Journée').isChecked(), true);
		assert.equal(await unitBox(page, c, 'Matin').isChecked(), true);
		assert.match(text(await dayItem(page, a).textContent()), /Réservé/);
		assert.equal(text(await dayItem(page, closed).locator('.jour__etat').textContent()), `Fermé — ${CLOSURE_REASON}`);
		assert.equal(await dayItem(page, closed).getByRole('checkbox').count(), 0);
		assert.equal(await selectionSummary(page), 'Aucun jour sélectionné. Cochez un moment pour le réserver, décochez-en un réservé pour l’annuler.');
		await assertMonthAsTheApiSays(page, picked.month);
		assert.deepEqual(reservations(), [`${a}|journee`, `${b}|journee`, `${c}|matin`].sort());

		/* Cancelling one of the two days. */
		await unitBox(page, b, 'Journée').uncheck();
		assert.equal(await selectionSummary(page), '1 changement sélectionné : 1 à annuler.');
		assert.deepEqual((await page.locator('[data-liste-selection] li').allTextContents()).map(text),
			[`Annuler Journée, ${longDay(b)}`]);
		await page.getByRole('button', { name: 'Confirmer' }).click();
		await page.locator('[data-resultat-annonce]').getByText('Réponse du service : 1 changement fait.').waitFor();
		assert.deepEqual(await answer(page), { [`${b}|journee`]: 'Annulé' });
		await Portal.settled(page, '/reservations.html');
		assert.equal(await unitBox(page, b, 'Journée').isChecked(), false);
		assert.match(text(await dayItem(page, b).textContent()), /Disponible/);
		assert.deepEqual(reservations(), [`${a}|journee`, `${c}|matin`].sort());
		await portal.axe(page, 'réservations, annulation');
		Portal.assertClean(page);
		await page.context().close();
	});

	it('at 360 px, the month is a list of days and works with the keyboard alone', async () => {
		const [, , , , e] = picked.days;
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		await logIn(page);
		await portal.visit(page, `/reservations.html?inscription=${enrolment.id}`, '/reservations.html');
		await showMonth(page, picked.month, true);
		await Portal.assertFits(page, 360);
		await portal.axe(page, 'réservations à 360 px');
		/* One column: the days one under the other. */
		const lefts = await page.locator('li.jour').evaluateAll((ns) => ns.filter((n) => n.getClientRects().length)
			.map((n) => Math.round(n.getBoundingClientRect().left)));
		assert.ok(lefts.length > 0);
		assert.equal(new Set(lefts).size, 1, 'every day starts at the same left edge');

		/* Tab to the afternoon of a fifth day, tick it with the space bar, tab to Confirmer, Enter. */
		const target = await unitBox(page, e, 'Après-midi').getAttribute('id');
		await page.locator('#titre-mois').focus();
		let reached = false;
		for (let i = 0; i < 400 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate((id) => document.activeElement && document.activeElement.id === id, target);
		}
		assert.ok(reached, 'the unit is reached with Tab');
		await page.keyboard.press('Space');
		assert.equal(await unitBox(page, e, 'Après-midi').isChecked(), true);
		assert.equal(await selectionSummary(page), '1 changement sélectionné : 1 à réserver.');
		reached = false;
		for (let i = 0; i < 400 && !reached; i++) {
			await page.keyboard.press('Tab');
			reached = await page.evaluate(() => document.activeElement && document.activeElement.textContent.trim() === 'Confirmer');
		}
		assert.ok(reached, 'Confirmer is reached with Tab');
		await page.keyboard.press('Enter');
		assert.deepEqual(await answer(page), { [`${e}|apres-midi`]: 'Réservé' });
		await Portal.settled(page, '/reservations.html');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'titre-resultat', 'the focus goes to the answer');
		assert.equal(await unitBox(page, e, 'Après-midi').isChecked(), true);
		await Portal.assertFits(page, 360);
		await portal.axe(page, 'réservations à 360 px, réponse');
		await page.screenshot({ path: Portal.screenshotPath('reservations-360'), fullPage: true });
		Portal.assertClean(page);
		await page.context().close();
	});

	it('sets a typical week, previews the days booked and skipped with their reasons, and confirms it', async () => {
		const closed = picked.days[3];
		const day = weekday(closed) === 0 ? 7 : weekday(closed);
		const dayName = WEEKDAYS[weekday(closed)];
		const to = addDays(closed, 14);
		const page = await portal.newPage();
		await logIn(page);
		await portal.visit(page, `/reservations.html?inscription=${enrolment.id}`, '/reservations.html');
		await page.getByRole('link', { name: 'Semaine type de Tom Moreau' }).click();
		await Portal.settled(page, '/semaine-type.html');
		await portal.axe(page, 'semaine type');

		/* The weekdays the period opens, each with its units and its weeks. */
		assert.deepEqual((await page.locator('.semaine-jour legend').allTextContents()).map(text),
			['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi']);
		const group = page.getByRole('group', { name: dayName.charAt(0).toUpperCase() + dayName.slice(1), exact: true });
		assert.equal(await group.getByRole('checkbox').count(), 3);
		assert.equal(await page.getByLabel('Du', { exact: true }).inputValue(), today());
		assert.equal(await page.getByLabel('Au', { exact: true }).inputValue(), dates.last);

		/* Nothing ticked: the page says what is missing. */
		await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
		await page.getByRole('alert').getByText('Cochez au moins un moment d’un jour de la semaine.').waitFor();

		await group.getByRole('checkbox', { name: /^Journée\s*,/ }).check();
		assert.equal(await group.getByRole('combobox').inputValue(), 'all');
		await page.getByLabel('Au', { exact: true }).fill(to);
		await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
		const preview = page.getByRole('region', { name: 'Aperçu' });
		await preview.waitFor();
		await Portal.settled(page, '/semaine-type.html');
		await portal.axe(page, 'semaine type, aperçu');

		/* The preview shows what the service computed, the closed day skipped with its reason. */
		const me = await (await page.request.get('/api/v1/me')).json();
		const body = { slots: [{ weekday: day, unit: 'journee', weeks: 'all' }], from: today(), to };
		const expected = await (await page.request.post(`/api/v1/enrolments/${enrolment.id}/week/preview`,
			{ data: body, headers: { 'X-CSRF-Token': me.csrf_token } })).json();
		const listed = async (title) => preview.locator('section').filter({ has: page.getByRole('heading', { name: new RegExp(`^${title}`) }) })
			.locator('li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-apercu')));
		assert.deepEqual(await listed('À réserver'), expected.book.map((b) => `${b.day}|${b.unit}`));
		assert.deepEqual(await listed('Non réservés'), expected.skipped.map((b) => `${b.day}|${b.unit}`));
		assert.ok(expected.book.length > 0, 'the week books days');
		const skippedClosed = preview.locator(`li[data-apercu="${closed}|journee"]`);
		assert.equal(text(await skippedClosed.textContent()), `${longDay(closed)}, Journée — Fermé (${CLOSURE_REASON})`);

		/* Confirmed: stored and expanded, the answer day by day. */
		await page.getByRole('button', { name: 'Confirmer la semaine type' }).click();
		await page.locator('#titre-resultat').waitFor();
		assert.match(text(await page.locator('[data-resultat-annonce]').textContent()),
			/^Semaine type enregistrée\. Réponse du service : \d+ changements? faits?/);
		const answered = await page.locator('[data-resultat] li.resultat__ligne').evaluateAll((ls) => ls
			.filter((l) => /Réservé/.test(l.textContent)).map((l) => l.getAttribute('data-issue')));
		assert.deepEqual(answered.sort(), expected.book.map((b) => `${b.day}|${b.unit}`).sort());
		assert.equal(await preview.isVisible(), false);
		await portal.axe(page, 'semaine type, confirmée');
		for (const b of expected.book)
			assert.ok(reservations().includes(`${b.day}|journee`), `${b.day} is booked`);

		/* The stored week comes back on the page. */
		await page.reload();
		await Portal.settled(page, '/semaine-type.html');
		assert.equal(await group.getByRole('checkbox', { name: /^Journée\s*,/ }).isChecked(), true);
		Portal.assertClean(page);
		await page.context().close();
	});
});
