/*
 * pages.test.js — the shell and the information pages in a real browser,
 * as a new parent meets them on a 360-pixel phone: the structure's
 * identity and contact details in every footer (from the demo data,
 * through GET /api/v1/structure) and on "Nous contacter"; "Mentions
 * légales", "Données personnelles", "Accessibilité" and the styled 404
 * page; every tap target at least 44 pixels high on every page; long
 * e-mail addresses that stay inside the page; links to rubriques not built
 * yet that say so on themselves; dates written in full; and the pages with
 * JavaScript disabled, where no form can post. axe-core checks every page
 * and state visited (see harness.js).
 */
'use strict';

const assert = require('node:assert/strict');
const { describe, it, before, after } = require('node:test');

const { Portal, DEMO } = require('./harness.js');

const portal = new Portal();

/* The demo structure (libportail/demo.c). */
const STRUCTURE = {
	name: 'Service enfance-jeunesse de Valmont-sur-Loire',
	phone: '02 38 44 12 30',
	email: 'enfance-jeunesse@mairie-valmont.fr',
};

const INFORMATION = [
	{ path: '/contact.html', link: 'Nous contacter', h1: 'Nous contacter' },
	{ path: '/mentions-legales.html', link: 'Mentions légales', h1: 'Mentions légales' },
	{ path: '/donnees-personnelles.html', link: 'Données personnelles', h1: 'Données personnelles' },
	{ path: '/accessibilite.html', link: 'Accessibilité : partiellement conforme', h1: 'Déclaration d’accessibilité' },
];

const PUBLIC_PAGES = ['/connexion.html', '/inscription.html', '/mot-de-passe-oublie.html',
	'/reinitialiser.html', '/confirmer.html'].concat(INFORMATION.map((p) => p.path));

const SPACE_PAGES = ['/tableau-de-bord.html', '/demandes.html', '/famille.html', '/enfant.html',
	'/responsable.html', '/coordonnees.html', '/inscriptions.html', '/inscription-enfant.html', '/reservations.html', '/semaine-type.html', '/compte.html'];

const FORM_PAGES = ['/connexion.html', '/inscription.html', '/mot-de-passe-oublie.html',
	'/reinitialiser.html?jeton=x', '/confirmer.html?jeton=x', '/nouveau-mot-de-passe.html',
	'/coordonnees.html', '/enfant.html', '/responsable.html', '/inscription-enfant.html'];

async function logIn(page, email, password) {
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

/*
 * Every control a finger can aim at on the page as it is now — links,
 * buttons, summaries, fields, and the labels of check boxes — must be at
 * least @min pixels high (each line of a link that wraps). Hidden things
 * (the skip link until focused, closed menus) do not count.
 */
async function assertTapTargets(page, min = 44) {
	const small = await page.evaluate((minimum) => {
		const visible = (n) => {
			const s = getComputedStyle(n);
			const r = n.getBoundingClientRect();
			return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1 &&
				r.right > 0 && r.left < window.innerWidth && !n.closest('[hidden], .visuellement-cache');
		};
		const out = [];
		const targets = document.querySelectorAll('a[href], button, summary, select, textarea, ' +
			'input:not([type="hidden"])');
		for (const n of targets) {
			let box = n;
			if (n.type === 'checkbox' || n.type === 'radio')
				box = document.querySelector(`label[for="${n.id}"]`) || n.closest('label') || n;
			if (!visible(box))
				continue;
			for (const r of box.getClientRects()) {
				if (r.height + 0.5 < minimum) {
					out.push(`${n.tagName.toLowerCase()} "${(n.textContent || n.name || n.id).replace(/\s+/g, ' ').trim().slice(0, 50)}"` +
						` is ${r.height.toFixed(1)} px high`);
					break;
				}
			}
		}
		return out;
	}, min);
	assert.deepEqual(small, [], `tap targets under ${min} px on ${page.url()}:\n${small.join('\n')}`);
}

/* The footer shows the demo structure's details and the information links. */
async function checkFooter(page) {
	const footer = page.getByRole('contentinfo');
	await footer.getByText(STRUCTURE.name).waitFor();
	await footer.getByRole('link', { name: STRUCTURE.phone }).waitFor();
	assert.equal(await footer.getByRole('link', { name: STRUCTURE.phone }).getAttribute('href'), 'tel:0238441230');
	assert.equal(await footer.getByRole('link', { name: STRUCTURE.email }).getAttribute('href'),
		`mailto:${STRUCTURE.email}`);
	await footer.getByText(/Du lundi au vendredi/).waitFor();
	const nav = footer.getByRole('navigation', { name: 'Informations' });
	assert.deepEqual((await nav.getByRole('link').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim()),
		INFORMATION.map((p) => p.link));
}

describe('the shell and the information pages', () => {
	before(async () => {
		await portal.start();
	});

	after(async () => {
		await portal.stop();
	});

	it('every page shows the structure and links to the information pages, which read it', async () => {
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await checkFooter(page);

		for (const info of INFORMATION) {
			await page.getByRole('contentinfo').getByRole('link', { name: info.link, exact: true }).click();
			await Portal.settled(page, info.path);
			assert.equal(await page.locator('h1').textContent(), info.h1);
			await checkFooter(page);
			await portal.axe(page, info.path);
			assert.equal((await page.getByRole('contentinfo').locator('[aria-current="page"]').textContent())
				.replace(/\s+/g, ' '), info.link);
		}

		/* Nous contacter: every detail, the opening hours on their own lines. */
		await portal.visit(page, '/contact.html');
		const main = page.getByRole('main');
		await main.getByRole('heading', { name: STRUCTURE.name }).waitFor();
		await main.getByRole('link', { name: STRUCTURE.phone }).waitFor();
		await main.getByRole('link', { name: STRUCTURE.email }).waitFor();
		await main.getByText('1 place de la République').waitFor();
		const hours = main.locator('[data-structure-champ="opening_hours"]');
		assert.match(await hours.textContent(), /^Du lundi au vendredi.*\nLe samedi/s);
		assert.ok((await hours.evaluate((n) => n.getClientRects().length ? n.getBoundingClientRect().height : 0)) > 40,
			'the opening hours take two lines or more');

		/* The legal notice names the director of publication and the host. */
		await portal.visit(page, '/mentions-legales.html');
		await main.getByText('Le maire de Valmont-sur-Loire').waitFor();
		await main.getByText(/serveurs de la commune/).waitFor();
		/* Données personnelles: who to ask, and for how long. */
		await portal.visit(page, '/donnees-personnelles.html');
		await main.getByText(STRUCTURE.name).first().waitFor();
		await main.getByText(/30\sminutes sans activité/).waitFor();
		await main.getByText(/CNIL/).waitFor();
		/* Accessibility: partially compliant, what was tested, how to report. */
		await portal.visit(page, '/accessibilite.html');
		await main.getByText('partiellement conforme').waitFor();
		await main.getByRole('heading', { name: 'Signaler un problème' }).waitFor();
		await main.getByText(STRUCTURE.email).waitFor();
		Portal.assertClean(page);

		/* A manager's change reaches the pages. */
		portal.portail_cli(['structure', 'set', '--phone', '01 23 45 67 89']);
		await page.context().close();
		const fresh = await portal.newPage();
		await portal.visit(fresh, '/contact.html');
		await fresh.getByRole('main').getByRole('link', { name: '01 23 45 67 89' }).waitFor();
		portal.portail_cli(['structure', 'set', '--phone', STRUCTURE.phone]);
		await fresh.context().close();
	});

	it('an unknown address gets the styled 404 page, status 404', async () => {
		const page = await portal.newPage();
		const response = await page.goto('/ceci-n-existe-pas.html');
		assert.equal(response.status(), 404);
		await Portal.settled(page, '/ceci-n-existe-pas.html');
		assert.equal(await page.locator('h1').textContent(), 'Page introuvable');
		await checkFooter(page);
		await portal.axe(page, 'page introuvable');
		await page.getByRole('link', { name: 'Revenir à l’accueil du portail' }).waitFor();
		/* The 404 itself is what this test asked for. */
		page.problems.splice(0, page.problems.length,
			...page.problems.filter((p) => !/^404 for \/ceci-n-existe-pas\.html/.test(p)));
		Portal.assertClean(page);
		await page.context().close();
	});

	it('at 360 px, every tap target is 44 px high and long addresses stay inside', async () => {
		const page = await portal.newPage({ viewport: { width: 360, height: 740 } });
		const long = `marie-amelie.de-la-fontaine-saint-exupery.${Date.now()}@communaute-de-communes.example.org`;
		for (const p of PUBLIC_PAGES.concat(['/ceci-n-existe-pas.html'])) {
			await page.goto(p);
			await Portal.settled(page, p);
			await page.getByRole('contentinfo').getByText(STRUCTURE.name).waitFor();
			await assertTapTargets(page);
			await Portal.assertFits(page, 360);
		}
		page.problems.splice(0, page.problems.length,
			...page.problems.filter((p) => !/^404 for \/ceci-n-existe-pas\.html/.test(p)));

		/* The forgotten-password message repeats the address typed. */
		await portal.visit(page, '/mot-de-passe-oublie.html');
		await page.getByLabel('Adresse e-mail').fill(long);
		await page.getByRole('button', { name: 'Recevoir le lien' }).click();
		await page.getByText(`Si un compte correspond à l’adresse ${long}, un e-mail vient de lui être envoyé.`).waitFor();
		await portal.axe(page, 'mot de passe oublié, envoyé, à 360 px');
		await Portal.assertFits(page, 360);
		await assertTapTargets(page);

		/* So does the sign-up confirmation. */
		await portal.visit(page, '/inscription.html');
		await page.getByLabel('Prénom').fill('Marie-Amélie');
		await page.getByLabel('Nom', { exact: true }).fill('de La Fontaine');
		await page.getByLabel('Adresse e-mail').fill(long);
		await page.getByLabel('Mot de passe', { exact: true }).fill('Une phrase assez longue 2026');
		await page.getByLabel('Confirmez le mot de passe').fill('Une phrase assez longue 2026');
		await page.getByRole('button', { name: /Créer/ }).click();
		await page.locator('main').getByText(long).first().waitFor();
		await portal.axe(page, 'inscription envoyée, à 360 px');
		await Portal.assertFits(page, 360);
		await assertTapTargets(page);

		/* The forced choice of a password, after a first login with a one-time code. */
		const first = `premier.acces.${Date.now()}@example.org`;
		const out = portal.portail_cli(['family', 'create', '--family-name', 'Roux', '--first-name', 'Lou',
			'--last-name', 'Roux', '--email', first]);
		const code = /^One-time code: (\S+)$/m.exec(out)[1];
		await portal.visit(page, '/connexion.html');
		await logIn(page, first, code);
		await Portal.settled(page, '/nouveau-mot-de-passe.html');
		await assertTapTargets(page);
		await Portal.assertFits(page, 360);
		await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
		await Portal.settled(page, '/connexion.html');

		/* The parents' pages, logged in, with their cards, forms and requests. */
		await portal.visit(page, '/connexion.html');
		await logIn(page, DEMO.email, DEMO.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		const me = await (await page.request.get('/api/v1/me')).json();
		const child = me.family.children[0];
		const edit = await page.request.put(`/api/v1/children/${child.id}`, {
			data: { ...child, school: 'École Jules-Ferry' },
			headers: { 'X-CSRF-Token': me.csrf_token },
		});
		assert.equal(edit.status(), 202);
		for (const p of SPACE_PAGES) {
			await portal.visit(page, p);
			await assertTapTargets(page);
			await Portal.assertFits(page, 360);
		}
		await portal.visit(page, '/tableau-de-bord.html');
		await page.locator('[data-demandes] details').first().locator('summary').click();
		await assertTapTargets(page);
		await portal.visit(page, '/coordonnees.html');
		await page.getByRole('button', { name: 'Modifier mes coordonnées' }).click();
		await assertTapTargets(page);
		await portal.axe(page, 'mes coordonnées, formulaire ouvert, à 360 px');
		await page.getByRole('button', { name: 'Menu' }).click();
		await assertTapTargets(page);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('links to rubriques not built yet say so before the click', async () => {
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, DEMO.email, DEMO.password);
		await Portal.settled(page, '/tableau-de-bord.html');

		const nav = page.getByRole('navigation', { name: 'Rubriques' });
		await nav.getByRole('link', { name: /^Mon compte\s*,\s*bientôt disponible$/ }).waitFor();
		await page.getByRole('main').getByRole('link', { name: /^Mon compte.*bientôt disponible/ }).waitFor();
		for (const name of ['Tableau de bord', 'Ma famille', 'Mes coordonnées', 'Inscriptions et réservations'])
			assert.doesNotMatch(await nav.getByRole('link', { name, exact: true }).textContent(), /bientôt/);

		/* The children's enrolment links on Ma famille lead to pages that exist. */
		await portal.visit(page, '/famille.html');
		const links = page.getByRole('main').locator('a[href^="/inscription"]');
		assert.ok(await links.count() > 0);
		for (const text of await links.allTextContents())
			assert.doesNotMatch(text, /bientôt/);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('dates read in full: weekday, day, month, year and time in Paris', async () => {
		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		const cases = await page.evaluate(() => [
			Portail.dateHeure('2026-10-14T05:41:00Z'),
			Portail.dateHeure('2026-03-01T23:05:00Z'),
			Portail.dateHeure('2026-12-31T23:00:00Z'),
		]);
		assert.deepEqual(cases, [
			'mercredi 14 octobre 2026 à 7\u00a0h\u00a041',
			'lundi 2 mars 2026 à 0\u00a0h\u00a005',
			'vendredi 1er janvier 2027 à 0\u00a0h\u00a000',
		]);
		/* On the dashboard, every request's date has that form. */
		await logIn(page, DEMO.email, DEMO.password);
		await Portal.settled(page, '/tableau-de-bord.html');
		await page.waitForSelector('html.demandes-chargees', { state: 'attached' });
		const dates = await page.locator('[data-demandes] time').allTextContents();
		assert.ok(dates.length > 0, 'the demo parent has requests by now');
		for (const d of dates)
			assert.match(d, /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (1er|\d{1,2}) \S+ \d{4} à \d{1,2}\u00a0h\u00a0\d{2}$/);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('a family just validated sees what to do next; the dashboard keeps to the latest requests', async () => {
		const stamp = Date.now().toString(36);
		const email = `nora.benali.${stamp}@example.org`;
		const password = 'Mot de passe de Nora 2026';
		portal.portail_cli(['family', 'create', '--family-name', 'Benali', '--first-name', 'Nora',
			'--last-name', 'Benali', '--email', email]);
		portal.portail_cli(['account', 'set-password', email], `${password}\n`);

		const page = await portal.newPage();
		await portal.visit(page, '/connexion.html');
		await logIn(page, email, password);
		await Portal.settled(page, '/tableau-de-bord.html');
		const steps = page.getByRole('region', { name: 'Pour commencer' });
		await steps.waitFor();
		const texts = async () => (await steps.locator('.etape__titre').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
		assert.deepEqual(await texts(), [
			'Ajoutez vos enfants (À faire)',
			'Complétez vos coordonnées (À faire)',
			'Inscrivez vos enfants aux activités (À faire)',
		]);
		await portal.axe(page, 'tableau de bord, premiers pas');
		await page.screenshot({ path: Portal.screenshotPath('tableau-de-bord-premiers-pas'), fullPage: true });

		/* Five contact changes (taken into account at once) and a child to validate. */
		const me = await (await page.request.get('/api/v1/me')).json();
		const headers = { 'X-CSRF-Token': me.csrf_token };
		for (let i = 1; i <= 5; i++) {
			const r = await page.request.put('/api/v1/me/contact', {
				data: { phone: '0238000000', mobile_phone: '', work_phone: '', address: `${i} rue des Écoles`,
					postcode: '45190', city: 'Valmont-sur-Loire', employer: `Employeur ${i}`,
					notify_by_email: true, notify_by_sms: false },
				headers,
			});
			assert.equal(r.status(), 200);
		}
		const added = await page.request.post('/api/v1/children', {
			data: { first_name: 'Inès', last_name: 'Benali', birth_date: '2019-04-08' }, headers,
		});
		assert.equal(added.status(), 202);
		const requestId = (await added.json()).request.id;

		await portal.visit(page, '/tableau-de-bord.html');
		await page.waitForSelector('html.demandes-chargees', { state: 'attached' });
		assert.deepEqual(await texts(), [
			'Ajoutez vos enfants (En attente de validation)',
			'Complétez vos coordonnées (Fait)',
			'Inscrivez vos enfants aux activités (À faire)',
		]);
		/* The pending request and the three latest others; a link to all six. */
		const cards = page.locator('[data-demandes] > li > article');
		assert.equal(await cards.count(), 4);
		assert.match(await cards.first().textContent(), /En attente/);
		await page.getByText('1 demande attend la validation du service.').waitFor();
		const all = page.locator('[data-lien-toutes] a');
		assert.equal((await all.textContent()).trim(), 'Voir toutes mes demandes (6)');
		await all.click();
		await Portal.settled(page, '/demandes.html');
		await portal.axe(page, 'toutes mes demandes');
		assert.equal(await page.locator('h1').textContent(), 'Toutes mes demandes');
		assert.equal(await page.locator('[data-demandes] > li > article').count(), 6);
		assert.equal(await page.getByRole('navigation', { name: 'Rubriques' })
			.getByRole('link', { name: 'Tableau de bord' }).getAttribute('aria-current'), 'true');

		/* Once the child is in the family, the first steps are done. */
		portal.portail_cli(['queue', 'accept', String(requestId)]);
		await portal.visit(page, '/tableau-de-bord.html');
		await page.waitForSelector('html.demandes-chargees', { state: 'attached' });
		assert.equal(await steps.isVisible(), false);
		Portal.assertClean(page);
		await page.context().close();
	});

	it('without JavaScript, no form can post: each says why and what to do', async () => {
		const context = await portal.browser.newContext({ baseURL: portal.baseURL, javaScriptEnabled: false,
			locale: 'fr-FR', viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		const posts = [];
		page.on('request', (req) => {
			if (req.method() !== 'GET')
				posts.push(`${req.method()} ${req.url()}`);
		});
		for (const p of FORM_PAGES) {
			await page.goto(p);
			const forms = page.locator('form');
			assert.ok(await forms.count() > 0, `${p} has a form`);
			for (let i = 0; i < await forms.count(); i++)
				assert.equal(await forms.nth(i).isVisible(), false, `a form of ${p} shows without JavaScript`);
			const message = page.locator('noscript').first();
			assert.equal(await message.count(), 1, `${p} has a <noscript> message`);
			await page.getByText(/a besoin de JavaScript/).first().waitFor();
			await page.getByRole('link', { name: 'Nous contacter' }).first().waitFor();
			await page.keyboard.press('Enter');
		}
		assert.deepEqual(posts, []);
		await context.close();
	});

	it('portail-web served it all and stops cleanly, without sanitizer reports', async () => {
		await portal.stopServer();
	});
});
