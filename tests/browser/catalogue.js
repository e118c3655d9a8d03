/*
 * catalogue.js — the small catalogue the enrolment tests load with
 * `portail-cli catalogue import FILE` (the format of the catalogue module,
 * README "The catalogue file"), dated around the day the tests run so that
 * its enrolment windows are open (or not yet) whatever that day is:
 *   - Service Jeunesse → Centre de Loisirs → Mercredis: a period that began
 *     three months ago and ends in seven, open for enrolment, with the
 *     groups Maternelle (PS, MS, GS) and Élémentaires +6 ans (CP to CM2),
 *     rules to accept and a vaccination record to provide, a comment asked;
 *   - the same type → Vacances d'été: a period whose enrolment opens in
 *     a hundred days (not offered yet);
 *   - Petite enfance → Multi-accueil → Crèche Les Lutins: a pre-enrolment,
 *     one group for children of 2 to 36 months.
 * write(dir) writes it into @dir and returns the file's path and the dates
 * the tests check against.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/* Today in Paris, as the service counts days: "2026-12-02". */
function today() {
	const p = {};
	new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' })
		.formatToParts(new Date()).forEach((x) => { p[x.type] = x.value; });
	return `${p.year}-${p.month}-${p.day}`;
}

/* @iso plus @n days. */
function addDays(iso, n) {
	const d = new Date(`${iso}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

const EVERY_DAY = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

function period(code, label, first, last, opens, closes, groups, weekdays = EVERY_DAY) {
	return {
		code, label, first_day: first, last_day: last,
		opening_weekdays: weekdays,
		closures: [],
		enrolment: { opens, closes },
		capacity_counters: [{ code: 'places', label: 'Places', capacity: 60 }],
		units: [{ code: 'journee', label: 'Journée', starts_at: '08:30', ends_at: '17:30', counter: 'places' }],
		reservation_rules: {},
		groups,
	};
}

function build(day = today()) {
	const dates = {
		today: day,
		mercredis: { first: addDays(day, -90), last: addDays(day, 210) },
		ete: { first: addDays(day, 150), last: addDays(day, 200), opens: addDays(day, 100) },
		creche: { first: addDays(day, -60), last: addDays(day, 240) },
	};
	const catalogue = {
		format: 1,
		facilities: [
			{ code: 'service-jeunesse', name: 'Service Jeunesse', activity_types: [
				{ code: 'centre-de-loisirs', name: 'Centre de Loisirs', category: 'loisirs', activities: [
					{ code: 'mercredis', name: 'Mercredis', description: 'L’accueil de loisirs du mercredi.',
						asks_comment: true,
						rules: { title: 'Règlement intérieur des accueils de loisirs', version: '2026-1', url: '' },
						documents: [{ type: 'vaccinations', label: 'Carnet de vaccination à jour', validity_months: 12 }],
						booking_blocked_if_missing: false,
						periods: [period('test-mercredis', 'ALSH Mercredis (test)', dates.mercredis.first,
							dates.mercredis.last, addDays(day, -120), addDays(day, 180), [
								{ code: 'maternelle', label: 'Maternelle', capacity: 24, school_levels: ['PS', 'MS', 'GS'] },
								{ code: 'elementaires', label: 'Élémentaires +6 ans', capacity: 36,
									school_levels: ['CP', 'CE1', 'CE2', 'CM1', 'CM2'] },
							], ['wednesday'])] },
					{ code: 'vacances-ete', name: 'Vacances d’été', description: '', asks_comment: false,
						documents: [], booking_blocked_if_missing: false,
						periods: [period('test-ete', 'Été (test)', dates.ete.first, dates.ete.last,
							dates.ete.opens, addDays(day, 140), [
								{ code: 'ete-elementaires', label: 'Élémentaires', capacity: 40,
									school_levels: ['CP', 'CE1', 'CE2', 'CM1', 'CM2'] },
							])] },
				] },
			] },
			{ code: 'petite-enfance', name: 'Petite enfance', activity_types: [
				{ code: 'multi-accueil', name: 'Multi-accueil', category: 'petite_enfance', activities: [
					{ code: 'creche-les-lutins', name: 'Crèche Les Lutins', description: '', asks_comment: false,
						documents: [], booking_blocked_if_missing: false,
						periods: [period('test-creche', 'Crèche Les Lutins (test)', dates.creche.first,
							dates.creche.last, addDays(day, -90), addDays(day, 200), [
								{ code: 'bebes', label: 'Bébés et moyens', capacity: 12,
									min_age_months: 2, max_age_months: 36, age_reference_day: day },
							])] },
				] },
			] },
		],
	};
	return { catalogue, dates };
}

function write(dir) {
	const { catalogue, dates } = build();
	const file = path.join(dir, 'catalogue-test.json');
	fs.writeFileSync(file, `${JSON.stringify(catalogue, null, 2)}\n`);
	return { file, dates };
}

module.exports = { build, write, today, addDays };
