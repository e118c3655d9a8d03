/*
 * portail.js — the shared script of the parent portal pages.
 *
 * Loaded (without defer) in the <head> of every page, before the page's own
 * script in /assets/pages/. It provides window.Portail:
 *   - api(path, options): fetch JSON from /api/v1, with the CSRF header on
 *     every change; 401 goes back to the login page, 403
 *     "password_change_required" to the password page; other errors are
 *     thrown as Portail.ApiError {status, code, message, field};
 *   - the session guard of the pages (<body data-acces="...">): "session"
 *     pages need a logged-in parent who has chosen a password, "changement"
 *     is the forced choice of a password, "public" needs nothing,
 *     "aiguillage" (index.html) only redirects;
 *   - the header and footer every page shares, built from one definition
 *     (<body data-rubrique="..."> names the page's rubrique): the menu
 *     button on small screens, the parent's name, "Se déconnecter"; the
 *     footer shows the structure's identity and contact details (GET
 *     /api/v1/structure) and the links to "Nous contacter" and the legal
 *     pages; every link to a rubrique not built yet says "bientôt
 *     disponible" on itself (marquerBientot);
 *   - forms: errors shown next to the named field (aria-invalid,
 *     aria-describedby) or in the form's alert region;
 *   - the vocabulary (GET /api/v1/vocabulary, loaded before the page
 *     starts): the fields' rules, labels and allowed values, defined once by
 *     the service. A form or fieldset with data-objet="child" (or
 *     "guardian", "family") gets, for each control named after a field of
 *     that object, its required flag and "(obligatoire)" mark, its length
 *     limit (data-limite), pattern, input mode and the options of a list;
 *     an element with data-aide-format="phone" shows the field's format
 *     rule, data-mot-de-passe-min/-max the password policy's bounds;
 *     verifierChamps() checks them before sending, with the service's own
 *     messages; the pages hold no copy of a limit or a list;
 *   - bounded text (data-limite="N"): a text area also gets a visible
 *     character counter, announced to screen readers once typing pauses;
 *   - the password rules shared by every password form;
 *   - the French words of fields and values (kinds and statuses come with
 *     each request from the API), phone numbers written in pairs of digits;
 *   - small DOM helpers (text only: data is never parsed as HTML) and the
 *     one formatter of dates ("14 mars 2017") and instants ("mardi 14
 *     octobre 2026 à 7 h 41", in Paris time).
 * Page scripts register with Portail.pret(function (moi) { ... }), called
 * once the session is known (moi is the body of GET /api/v1/me, or null on
 * public pages).
 */
(function () {
	'use strict';

	document.documentElement.classList.add('js');

	var PAGES = {
		connexion: '/connexion.html',
		motDePasse: '/nouveau-mot-de-passe.html',
		accueil: '/tableau-de-bord.html'
	};
	var CLE_ANNONCE = 'portail.annonce';
	var CLE_SESSION = 'portail.session';
	var MESSAGE_RESEAU = 'Le service est momentanément injoignable. ' +
		'Vérifiez votre connexion à Internet puis réessayez.';
	var MESSAGE_INATTENDU = 'Une erreur inattendue est survenue. Réessayez dans quelques instants.';

	var etat = { csrf: null, moi: null };
	var enAttente = [];

	/* --- errors ---------------------------------------------------------- */

	function ApiError(status, code, message, field) {
		this.name = 'ApiError';
		this.status = status;
		this.code = code || 'error';
		this.message = message || MESSAGE_INATTENDU;
		this.field = field || null;
	}
	ApiError.prototype = Object.create(Error.prototype);
	ApiError.prototype.constructor = ApiError;

	/* A promise that never settles: the page is going away. */
	function jamais() {
		return new Promise(function () {});
	}

	function aller(page, remplacer) {
		if (remplacer)
			window.location.replace(page);
		else
			window.location.assign(page);
		return jamais();
	}

	/* --- announcements carried to the next page ---------------------------- */

	function annoncer(message, genre) {
		try {
			window.sessionStorage.setItem(CLE_ANNONCE,
				JSON.stringify({ message: message, genre: genre || 'info' }));
		} catch (e) { /* private browsing: the message is only lost */ }
	}

	function afficherAnnonce() {
		var zone = document.querySelector('[data-annonce]');
		var brut = null;
		if (!zone)
			return;
		try {
			brut = window.sessionStorage.getItem(CLE_ANNONCE);
			window.sessionStorage.removeItem(CLE_ANNONCE);
		} catch (e) { /* ignore */ }
		if (!brut)
			return;
		try {
			var a = JSON.parse(brut);
			montrerMessage(zone, a.message, a.genre);
		} catch (e) { /* ignore a damaged entry */ }
	}

	/* Show a message in a live region (role status or alert) kept in the page. */
	function montrerMessage(zone, message, genre) {
		zone.className = zone.className.replace(/\bmessage--\w+/g, '').trim();
		zone.classList.add('message', 'message--' + (genre || 'info'));
		zone.textContent = message;
		zone.hidden = false;
	}

	function effacerMessage(zone) {
		if (!zone)
			return;
		zone.textContent = '';
		zone.hidden = true;
	}

	/* --- the JSON API -------------------------------------------------------- */

	function lireJson(reponse) {
		if (reponse.status === 204)
			return Promise.resolve(null);
		var type = reponse.headers.get('Content-Type') || '';
		if (type.indexOf('application/json') === -1)
			return Promise.resolve(null);
		return reponse.json().catch(function () { return null; });
	}

	function jetonCsrf() {
		if (etat.csrf)
			return Promise.resolve(etat.csrf);
		var source = etat.moi ? '/api/v1/me' : '/api/v1/csrf';
		return api(source).then(function (corps) {
			if (etat.moi && corps)
				etat.moi = corps;
			etat.csrf = corps && corps.csrf_token;
			if (!etat.csrf)
				throw new ApiError(0, 'csrf', MESSAGE_INATTENDU);
			return etat.csrf;
		});
	}

	/*
	 * api(path, {method, body, redirection}) → Promise of the decoded JSON
	 * body (null for 204). With redirection: false a 401 is thrown like any
	 * other error instead of leading to the login page (the login form
	 * itself, index.html).
	 */
	function api(path, options) {
		options = options || {};
		var methode = (options.method || 'GET').toUpperCase();
		var change = methode !== 'GET' && methode !== 'HEAD';
		var redirection = options.redirection !== false;
		var dejaReessaye = options._reessai === true;

		var preparation = change ? jetonCsrf() : Promise.resolve(null);
		return preparation.then(function (jeton) {
			var entetes = { 'Accept': 'application/json' };
			var init = { method: methode, credentials: 'same-origin', headers: entetes, cache: 'no-store' };
			if (jeton)
				entetes['X-CSRF-Token'] = jeton;
			if (options.body !== undefined) {
				entetes['Content-Type'] = 'application/json';
				init.body = JSON.stringify(options.body);
			}
			return fetch(path, init).catch(function () {
				throw new ApiError(0, 'network', MESSAGE_RESEAU);
			});
		}).then(function (reponse) {
			return lireJson(reponse).then(function (corps) {
				if (reponse.ok)
					return corps;
				var e = (corps && corps.error) || {};
				var erreur = new ApiError(reponse.status, e.code, e.message, e.field);
				var attente = reponse.headers.get('Retry-After');
				if (attente)
					erreur.retryAfter = parseInt(attente, 10) || null;

				if (reponse.status === 401 && redirection) {
					etat.moi = null;
					etat.csrf = null;
					/* Say why only to someone who was logged in in this tab. */
					if (marqueSession(false))
						annoncer(erreur.message || 'Votre session a expiré. Reconnectez-vous.', 'info');
					return aller(PAGES.connexion, true);
				}
				if (reponse.status === 403 && erreur.code === 'password_change_required')
					return aller(PAGES.motDePasse, true);
				if (reponse.status === 403 && erreur.code === 'csrf' && change && !dejaReessaye) {
					/* The token went stale (a new session, a cleared cookie): fetch it again once. */
					etat.csrf = null;
					var suite = {};
					Object.keys(options).forEach(function (k) { suite[k] = options[k]; });
					suite._reessai = true;
					return api(path, suite);
				}
				throw erreur;
			});
		});
	}

	/* --- session --------------------------------------------------------------- */

	function chargerMoi(options) {
		return api('/api/v1/me', options).then(function (moi) {
			etat.moi = moi;
			etat.csrf = moi && moi.csrf_token;
			return moi;
		});
	}

	/* Remember in this tab whether a session was opened; returns what it was. */
	function marqueSession(ouverte) {
		var avant = false;
		try {
			avant = window.sessionStorage.getItem(CLE_SESSION) === '1';
			if (ouverte)
				window.sessionStorage.setItem(CLE_SESSION, '1');
			else
				window.sessionStorage.removeItem(CLE_SESSION);
		} catch (e) { /* private browsing */ }
		return avant;
	}

	/* After a successful POST /api/v1/session. */
	function ouvrirSession(reponse) {
		etat.csrf = (reponse && reponse.csrf_token) || null;
		etat.moi = null;
		marqueSession(true);
	}

	function deconnecter() {
		var fin = function () {
			etat.moi = null;
			etat.csrf = null;
			marqueSession(false);
			annoncer('Déconnexion effectuée. À bientôt sur le Portail Famille.', 'succes');
			return aller(PAGES.connexion, false);
		};
		return api('/api/v1/session', { method: 'DELETE', redirection: false })
			.then(fin, fin);
	}

	function nomComplet(personne) {
		if (!personne)
			return '';
		return [personne.first_name, personne.last_name].filter(Boolean).join(' ');
	}

	/* --- the header and footer every page shares ------------------------------- */

	/*
	 * The pages hold only their own content: <main id="contenu">. The header
	 * (skip link, brand, and on the parents' pages the rubriques, the parent's
	 * name and "Se déconnecter") and the footer are built here, from this one
	 * definition. A page of the parents' space says which rubrique it belongs
	 * to with <body data-rubrique="famille">: its link gets aria-current="page"
	 * (or "true" on a page below the rubrique, like enfant.html). A page
	 * without data-rubrique (login, sign-up, passwords) gets the public header:
	 * the brand alone, leading to the home page.
	 */
	var RUBRIQUES = [
		{ nom: 'tableau-de-bord', href: '/tableau-de-bord.html', libelle: 'Tableau de bord' },
		{ nom: 'famille', href: '/famille.html', libelle: 'Ma famille' },
		{ nom: 'coordonnees', href: '/coordonnees.html', libelle: 'Mes coordonnées' },
		{ nom: 'inscriptions', href: '/inscriptions.html', libelle: 'Inscriptions et réservations' },
		{ nom: 'reservations', href: '/reservations.html', libelle: 'Mes réservations' },
		{ nom: 'compte', href: '/compte.html', libelle: 'Mon compte', bientot: true }
	];

	/* The pages every visitor can reach from the footer. */
	var PAGES_INFORMATION = [
		{ href: '/contact.html', libelle: 'Nous contacter' },
		{ href: '/mentions-legales.html', libelle: 'Mentions légales' },
		{ href: '/donnees-personnelles.html', libelle: 'Données personnelles' },
		{ href: '/accessibilite.html', libelle: 'Accessibilité\u00a0: partiellement conforme' }
	];

	/* Is @href (a link's attribute) the address of a rubrique not built yet? */
	function rubriqueBientot(href) {
		var chemin = String(href || '').split(/[?#]/)[0];
		return RUBRIQUES.some(function (r) { return r.bientot && r.href === chemin; });
	}

	/*
	 * Every link under @racine (default: the document) that leads to a
	 * rubrique not built yet says so on itself, before the click: it gets a
	 * "bientôt disponible" mark, part of its accessible name. Page scripts
	 * call it again after adding such links.
	 */
	function marquerBientot(racine) {
		Array.prototype.forEach.call((racine || document).querySelectorAll('a[href]'), function (a) {
			if (!rubriqueBientot(a.getAttribute('href')) || a.querySelector('.bientot'))
				return;
			var marque = el('span', { class: 'bientot' },
				el('span', { class: 'visuellement-cache' }, ', '), 'bientôt disponible');
			/* In a tile, under its title; elsewhere, after the text. */
			var titre = a.querySelector('.tuile__titre');
			if (titre)
				titre.parentNode.insertBefore(marque, titre.nextSibling);
			else
				a.appendChild(marque);
		});
	}

	var NS_SVG = 'http://www.w3.org/2000/svg';

	/* A decorative 24×24 line icon: @traces are the <path d> or other
	 * shapes given as [tag, attributes]. */
	function icone(attrs, traces) {
		var svg = document.createElementNS(NS_SVG, 'svg');
		var base = { 'aria-hidden': 'true', focusable: 'false', viewBox: '0 0 24 24', fill: 'none',
			stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' };
		Object.keys(attrs).forEach(function (k) { base[k] = attrs[k]; });
		Object.keys(base).forEach(function (k) { svg.setAttribute(k, base[k]); });
		traces.forEach(function (t) {
			var forme = document.createElementNS(NS_SVG, t[0]);
			Object.keys(t[1]).forEach(function (k) { forme.setAttribute(k, t[1][k]); });
			svg.appendChild(forme);
		});
		return svg;
	}

	function marque(href) {
		return el('a', { class: 'marque', href: href },
			el('img', { class: 'marque__logo', src: '/assets/logo.svg', alt: '', width: 40, height: 40 }),
			el('span', { class: 'marque__textes' },
				el('span', { class: 'marque__nom' }, 'Portail Famille'),
				el('span', { class: 'marque__sous-titre' }, 'Espace des parents')));
	}

	function lienRubrique(r, courante) {
		var courant = null;
		if (r.nom === courante)
			courant = window.location.pathname === r.href ? 'page' : 'true';
		return el('li', null, el('a', { href: r.href, 'aria-current': courant }, r.libelle));
	}

	function enteteEspace(courante) {
		return el('div', { class: 'entete__interieur' },
			el('div', { class: 'entete__barre conteneur' },
				marque(PAGES.accueil),
				el('button', { type: 'button', class: 'bouton-menu', 'data-bouton-menu': true,
					'aria-expanded': 'false', 'aria-controls': 'menu', hidden: true },
					icone({ class: 'icone-ouvrir' }, [['path', { d: 'M4 7h16M4 12h16M4 17h16' }]]),
					icone({ class: 'icone-fermer' }, [['path', { d: 'M6 6l12 12M18 6 6 18' }]]),
					'Menu')),
			el('div', { class: 'entete__menu', id: 'menu' },
				el('nav', { class: 'navigation conteneur', 'aria-label': 'Rubriques' },
					el.apply(null, ['ul', null].concat(RUBRIQUES.map(function (r) {
						return lienRubrique(r, courante);
					})))),
				el('div', { class: 'utilisateur conteneur' },
					el('p', { class: 'utilisateur__nom', 'data-utilisateur': true, hidden: true },
						icone({ 'stroke-linejoin': 'round' }, [
							['circle', { cx: '12', cy: '8', r: '4' }],
							['path', { d: 'M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7' }]]),
						el('span', null,
							el('span', { class: 'visuellement-cache' }, 'Compte de\u00a0: '),
							el('span', { 'data-nom-parent': true }))),
					el('button', { type: 'button', class: 'bouton bouton--secondaire', 'data-deconnexion': true },
						'Se déconnecter'))));
	}

	var cadrePose = false;

	function afficherCadre() {
		var corps = document.body;
		if (cadrePose || !corps)
			return;
		cadrePose = true;
		var courante = corps.getAttribute('data-rubrique');
		var entete = el('header', { class: 'entete' },
			el('a', { class: 'evitement', href: '#contenu' }, 'Aller au contenu'),
			courante ? enteteEspace(courante)
				: el('div', { class: 'entete__barre conteneur' }, marque('/')));
		var pied = el('footer', { class: 'pied' },
			el('div', { class: 'conteneur pied__grille' },
				el('div', { class: 'pied__structure' },
					el('p', null, el('strong', null, 'Portail Famille'),
						' — accueils de loisirs, périscolaire, restauration scolaire et petite enfance de votre commune.'),
					el('div', { 'data-structure': true, hidden: true })),
				el('nav', { class: 'pied__liens', 'aria-label': 'Informations' },
					el.apply(null, ['ul', null].concat(PAGES_INFORMATION.map(function (p) {
						return el('li', null, el('a', { href: p.href,
							'aria-current': window.location.pathname === p.href ? 'page' : null }, p.libelle));
					}))))));
		corps.insertBefore(entete, corps.firstChild);
		corps.appendChild(pied);
	}

	/* --- the structure's identity and contact details ------------------------- */

	var CLE_STRUCTURE = 'portail.structure';
	var structureChargee = null;

	/* GET /api/v1/structure, once per page (kept for the tab's next pages,
	 * which show it at once and refresh it). */
	function chargerStructure() {
		if (!structureChargee)
			structureChargee = api('/api/v1/structure', { redirection: false }).then(function (s) {
				try {
					window.sessionStorage.setItem(CLE_STRUCTURE, JSON.stringify(s));
				} catch (e) { /* private browsing */ }
				return s || {};
			});
		return structureChargee;
	}

	function structureConnue() {
		try {
			return JSON.parse(window.sessionStorage.getItem(CLE_STRUCTURE) || 'null');
		} catch (e) {
			return null;
		}
	}

	/* "0238441230" → a tel: link reading "02 38 44 12 30". */
	function lienTelephone(numero) {
		return el('a', { href: 'tel:' + numero }, telephoneLisible(numero));
	}

	/*
	 * The structure's contact details, as <p> elements: name, address,
	 * phone, e-mail, opening hours (@avecHoraires). Only the fields given.
	 */
	function coordonneesStructure(s, avecHoraires) {
		var lignes = [];
		var ville = [s.postcode, s.city].filter(Boolean).join(' ');
		var adresse = [s.address, ville].filter(Boolean);
		if (s.name)
			lignes.push(el('p', { class: 'structure__nom' }, el('strong', null, s.name)));
		if (adresse.length)
			lignes.push(el('p', { class: 'structure__adresse' }, adresse.join(', ')));
		if (s.phone)
			lignes.push(el('p', null, 'Téléphone\u00a0: ', lienTelephone(s.phone)));
		if (s.email)
			lignes.push(el('p', { class: 'structure__email' }, 'E-mail\u00a0: ',
				el('a', { href: 'mailto:' + s.email }, s.email)));
		if (avecHoraires && s.opening_hours)
			lignes.push(el('p', { class: 'structure__horaires' }, 'Horaires\u00a0: ', s.opening_hours));
		return lignes;
	}

	/* Fill every [data-structure] zone (footer) and every [data-structure-champ]
	 * element (the pages that name one field) with @s. */
	function afficherStructure(s) {
		if (!s)
			return;
		Array.prototype.forEach.call(document.querySelectorAll('[data-structure]'), function (zone) {
			vider(zone);
			coordonneesStructure(s, true).forEach(function (p) { zone.appendChild(p); });
			zone.hidden = !zone.firstChild;
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-structure-champ]'), function (n) {
			var champ = n.getAttribute('data-structure-champ');
			var valeur = s[champ] || '';
			vider(n);
			if (champ === 'phone' && valeur)
				n.appendChild(lienTelephone(valeur));
			else if (champ === 'email' && valeur)
				n.appendChild(el('a', { href: 'mailto:' + valeur }, valeur));
			else
				n.textContent = valeur || n.getAttribute('data-par-defaut') || '';
		});
	}

	function initStructure() {
		afficherStructure(structureConnue());
		return chargerStructure().then(afficherStructure, function () { /* the footer keeps its default text */ });
	}

	function initMenu() {
		var bouton = document.querySelector('[data-bouton-menu]');
		var menu = bouton && document.getElementById(bouton.getAttribute('aria-controls'));
		if (!bouton || !menu)
			return;
		bouton.hidden = false;
		var basculer = function (ouvert) {
			bouton.setAttribute('aria-expanded', ouvert ? 'true' : 'false');
			menu.classList.toggle('entete__menu--ouvert', ouvert);
		};
		bouton.addEventListener('click', function () {
			basculer(bouton.getAttribute('aria-expanded') !== 'true');
		});
		document.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape' && bouton.getAttribute('aria-expanded') === 'true') {
				basculer(false);
				bouton.focus();
			}
		});
	}

	function initDeconnexion() {
		var boutons = document.querySelectorAll('[data-deconnexion]');
		Array.prototype.forEach.call(boutons, function (b) {
			b.addEventListener('click', function () {
				b.setAttribute('aria-disabled', 'true');
				deconnecter();
			});
		});
	}

	function remplirEntete(moi) {
		var nom = nomComplet(moi && moi.guardian);
		Array.prototype.forEach.call(document.querySelectorAll('[data-nom-parent]'), function (n) {
			n.textContent = nom;
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-utilisateur]'), function (n) {
			n.hidden = !nom;
		});
	}

	/* --- forms ---------------------------------------------------------------- */

	function ajouterDescription(champ, id) {
		var ids = (champ.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
		if (ids.indexOf(id) === -1)
			ids.unshift(id);
		champ.setAttribute('aria-describedby', ids.join(' '));
	}

	function retirerDescription(champ, id) {
		var ids = (champ.getAttribute('aria-describedby') || '').split(/\s+/)
			.filter(function (x) { return x && x !== id; });
		if (ids.length)
			champ.setAttribute('aria-describedby', ids.join(' '));
		else
			champ.removeAttribute('aria-describedby');
	}

	function champDe(form, nom) {
		if (!nom)
			return null;
		var c = form.elements.namedItem(nom);
		if (c && c.length !== undefined && !c.tagName)
			c = c[0];
		return c || null;
	}

	/* Show @message next to the control named @nom of @form; returns the control. */
	function erreurChamp(form, nom, message) {
		var champ = champDe(form, nom);
		if (!champ)
			return null;
		var id = (champ.id || nom) + '-erreur';
		var p = document.getElementById(id);
		if (!p) {
			p = document.createElement('p');
			p.id = id;
			p.className = 'champ__erreur';
			/* Before the control, after the label and its hint, as users read it. */
			champ.parentNode.insertBefore(p, champ);
		}
		p.textContent = '';
		var marque = document.createElement('span');
		marque.className = 'visuellement-cache';
		marque.textContent = 'Erreur\u00a0: ';
		p.appendChild(marque);
		p.appendChild(document.createTextNode(message));
		p.hidden = false;
		champ.setAttribute('aria-invalid', 'true');
		ajouterDescription(champ, id);
		var bloc = champ.closest('.champ');
		if (bloc)
			bloc.classList.add('champ--erreur');
		return champ;
	}

	function effacerErreurs(form) {
		Array.prototype.forEach.call(form.querySelectorAll('.champ__erreur'), function (p) {
			var champ = form.querySelector('[aria-describedby~="' + p.id + '"]');
			if (champ) {
				retirerDescription(champ, p.id);
				champ.removeAttribute('aria-invalid');
			}
			p.parentNode.removeChild(p);
		});
		Array.prototype.forEach.call(form.querySelectorAll('.champ--erreur'), function (b) {
			b.classList.remove('champ--erreur');
		});
		effacerMessage(form.querySelector('[data-erreur-formulaire]'));
	}

	/* Show a list of {field, message}; focus the first field in error, or the
	 * form's alert region for errors that name no field of the form. */
	function montrerErreurs(form, erreurs) {
		var premier = null;
		var generales = [];
		erreurs.forEach(function (e) {
			var champ = erreurChamp(form, e.field, e.message);
			if (champ) {
				if (!premier)
					premier = champ;
			} else {
				generales.push(e.message);
			}
		});
		var zone = form.querySelector('[data-erreur-formulaire]');
		if (generales.length && zone)
			montrerMessage(zone, generales.join(' '), 'erreur');
		if (premier)
			premier.focus();
	}

	/*
	 * formulaire(form, {verifier, envoyer}): verifier(valeurs) returns a list
	 * of {field, message} (empty when fine); envoyer(valeurs) returns a
	 * promise; an ApiError it rejects with is shown next to its field.
	 */
	function formulaire(form, options) {
		var bouton = form.querySelector('[type="submit"]');
		/* The button's content, markup included (a no-break span), to put back. */
		var libelle = bouton ? Array.prototype.map.call(bouton.childNodes, function (n) {
			return n.cloneNode(true);
		}) : [];
		var occupe = false;
		form.addEventListener('submit', function (ev) {
			ev.preventDefault();
			if (occupe)
				return;
			effacerErreurs(form);
			var valeurs = {};
			Array.prototype.forEach.call(form.elements, function (c) {
				if (c.name && c.type !== 'checkbox' && c.type !== 'submit' && c.type !== 'button')
					valeurs[c.name] = c.value;
			});
			var erreurs = options.verifier ? options.verifier(valeurs) : [];
			if (erreurs.length) {
				montrerErreurs(form, erreurs);
				return;
			}
			occupe = true;
			form.setAttribute('aria-busy', 'true');
			if (bouton) {
				bouton.setAttribute('aria-disabled', 'true');
				if (bouton.dataset.enCours)
					bouton.textContent = bouton.dataset.enCours;
			}
			var fin = function () {
				occupe = false;
				form.removeAttribute('aria-busy');
				if (bouton) {
					bouton.removeAttribute('aria-disabled');
					vider(bouton);
					libelle.forEach(function (n) { bouton.appendChild(n.cloneNode(true)); });
				}
			};
			Promise.resolve().then(function () {
				return options.envoyer(valeurs);
			}).then(fin, function (err) {
				fin();
				var message = (err && err.message) || MESSAGE_INATTENDU;
				montrerErreurs(form, [{ field: err && err.field, message: message }]);
			});
		});
	}

	/* "Afficher le mot de passe": a checkbox that toggles every password
	 * control listed (by id) in its data-afficher attribute. */
	function initAffichageMotDePasse() {
		Array.prototype.forEach.call(document.querySelectorAll('[data-afficher]'), function (case_) {
			var ids = case_.getAttribute('data-afficher').split(/\s+/);
			case_.addEventListener('change', function () {
				ids.forEach(function (id) {
					var champ = document.getElementById(id);
					if (champ)
						champ.type = case_.checked ? 'text' : 'password';
				});
			});
		});
	}

	/* --- characters, counters and passwords ------------------------------------ */

	/* Characters as the service counts them (code points, not UTF-16 units). */
	function longueur(texte) {
		return Array.from(texte || '').length;
	}

	function pluriel(n, mot) {
		return n + ' ' + mot + (n > 1 ? 's' : '');
	}

	var ANNONCE_COMPTEUR_MS = 1200;

	/* The counter of a control with data-limite="N": "12 caractères sur 500". */
	function texteCompteur(n, max) {
		if (n === 0)
			return max + ' caractères au maximum.';
		if (n <= max)
			return pluriel(n, 'caractère') + ' sur ' + max + '.';
		return n + ' caractères\u00a0: ' + pluriel(n - max, 'caractère') + ' de trop (' +
			max + ' au maximum).';
	}

	function majCompteur(champ) {
		var max = parseInt(champ.getAttribute('data-limite'), 10);
		var zone = document.getElementById(champ.id + '-compteur');
		if (!zone || !max)
			return;
		var n = longueur(champ.value.trim());
		zone.textContent = texteCompteur(n, max);
		zone.classList.toggle('champ__compteur--trop', n > max);
	}

	/* Give every text area with data-limite under @racine its counter (once). */
	function initCompteurs(racine) {
		Array.prototype.forEach.call((racine || document).querySelectorAll('textarea[data-limite]'), function (champ) {
			if (!champ.id || document.getElementById(champ.id + '-compteur'))
				return;
			var zone = document.createElement('span');
			zone.id = champ.id + '-compteur';
			zone.className = 'champ__compteur';
			var annonce = document.createElement('span');
			annonce.className = 'visuellement-cache';
			annonce.setAttribute('aria-live', 'polite');
			champ.parentNode.insertBefore(zone, champ.nextSibling);
			zone.parentNode.insertBefore(annonce, zone.nextSibling);
			var ids = (champ.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
			ids.push(zone.id);
			champ.setAttribute('aria-describedby', ids.join(' '));
			var minuterie = null;
			champ.addEventListener('input', function () {
				majCompteur(champ);
				window.clearTimeout(minuterie);
				minuterie = window.setTimeout(function () {
					annonce.textContent = zone.textContent;
				}, ANNONCE_COMPTEUR_MS);
			});
			majCompteur(champ);
		});
	}

	/* After filling controls from a script: refresh the counters of @form. */
	function majCompteurs(form) {
		Array.prototype.forEach.call(form.querySelectorAll('textarea[data-limite]'), majCompteur);
	}

	/*
	 * The errors of the controls of @form bound to a field of the vocabulary
	 * (see appliquerVocabulaire), as the service would find them: required
	 * and empty, too long, not of the field's format. @erreurs (optional)
	 * are the page's own, put first: a control already in error there is
	 * left to them.
	 */
	function verifierChamps(form, valeurs, erreurs) {
		var vus = {};
		erreurs = (erreurs || []).slice();
		erreurs.forEach(function (e) { vus[e.field] = true; });
		Array.prototype.forEach.call(form.querySelectorAll('[data-champ]'), function (champ) {
			var f = champDuControle(champ);
			var v = String(valeurs[champ.name] === undefined ? champ.value : valeurs[champ.name]).trim();
			var message = null;
			if (!f || vus[champ.name])
				return;
			if (!v)
				message = f.required ? f.messages.required : null;
			else if (f.max_length && longueur(v) > f.max_length)
				message = f.messages.too_long;
			else if (f.pattern && !new RegExp('^(?:' + f.pattern + ')$').test(v))
				message = f.messages.format;
			if (message) {
				vus[champ.name] = true;
				erreurs.push({ field: champ.name, message: message });
			}
		});
		return erreurs;
	}

	/* The password policy's bounds, from the vocabulary (0 when unknown:
	 * the service still checks). */
	function motDePasse(borne) {
		return (vocabulaire && vocabulaire.password && vocabulaire.password[borne]) || 0;
	}

	/* Keep @zone telling how the length of the password in @champ fares. */
	function compteurMotDePasse(champ, zone) {
		var min = motDePasse('min_length');
		var max = motDePasse('max_length');
		var maj = function () {
			var n = longueur(champ.value);
			if (!min || !max)
				return;
			if (n === 0)
				zone.textContent = min + ' caractères minimum.';
			else if (n < min)
				zone.textContent = pluriel(n, 'caractère') + ' saisi' + (n > 1 ? 's' : '') +
					'\u00a0: encore ' + pluriel(min - n, 'caractère') + ' au moins.';
			else if (n > max)
				zone.textContent = n + ' caractères saisis\u00a0: c’est ' + (n - max) + ' de trop.';
			else
				zone.textContent = n + ' caractères saisis\u00a0: la longueur convient.';
		};
		champ.addEventListener('input', maj);
		maj();
	}

	/* The errors of a new password (control @nom) and its confirmation. */
	function verifierMotDePasse(valeurs, nom, nomConfirmation) {
		var erreurs = [];
		var mdp = valeurs[nom] || '';
		var n = longueur(mdp);
		var min = motDePasse('min_length');
		var max = motDePasse('max_length');
		if (n === 0)
			erreurs.push({ field: nom, message: 'Saisissez un mot de passe.' });
		else if (min && n < min)
			erreurs.push({ field: nom, message: 'Votre mot de passe doit contenir au moins ' + min + ' caractères.' });
		else if (max && n > max)
			erreurs.push({ field: nom, message: 'Votre mot de passe doit contenir au plus ' + max + ' caractères.' });
		if (nomConfirmation) {
			if (!valeurs[nomConfirmation])
				erreurs.push({ field: nomConfirmation, message: 'Saisissez une seconde fois votre mot de passe.' });
			else if (n > 0 && valeurs[nomConfirmation] !== mdp)
				erreurs.push({ field: nomConfirmation, message: 'Les deux mots de passe ne sont pas identiques.' });
		}
		return erreurs;
	}

	/* The error of an empty email control, or null (the service checks the
	 * address itself). */
	function verifierEmail(valeur, nom) {
		if (!(valeur || '').trim())
			return { field: nom, message: 'Saisissez votre adresse e-mail.' };
		return null;
	}

	/* --- the words of requests (demandes) -------------------------------------- */

	/* The fields' labels and the labels of their values, by field name,
	 * from the vocabulary (see chargerVocabulaire). */
	var LIBELLES_CHAMPS = {};
	var LIBELLES_VALEURS = {};

	function libelleNiveau(code) {
		return (LIBELLES_VALEURS.school_level || {})[code] || code || '';
	}

	var CHAMPS_TELEPHONE = { phone: true, mobile_phone: true, work_phone: true };
	var CHAMPS_OUI_NON = { notify_by_email: true, notify_by_sms: true };

	/* "0612345678" → "06 12 34 56 78" (as the service stores them: 10 digits);
	 * anything else is returned unchanged. */
	function telephoneLisible(numero) {
		var n = String(numero || '');
		return /^\d{10}$/.test(n) ? n.replace(/(\d{2})(?=\d)/g, '$1\u00a0') : n;
	}

	/* A value of a request or a record as a person reads it; '' when empty. */
	function valeurLisible(champ, valeur) {
		if (valeur === null || valeur === undefined)
			return '';
		if (typeof valeur === 'boolean')
			return valeur ? 'Oui' : 'Non';
		valeur = String(valeur);
		if (CHAMPS_OUI_NON[champ] && (valeur === 'true' || valeur === 'false'))
			return valeur === 'true' ? 'Oui' : 'Non';
		if (champ === 'birth_date')
			return dateLongue(valeur);
		if (LIBELLES_VALEURS[champ] && LIBELLES_VALEURS[champ][valeur])
			return LIBELLES_VALEURS[champ][valeur];
		if (CHAMPS_TELEPHONE[champ])
			return telephoneLisible(valeur);
		return valeur;
	}

	var JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

	/*
	 * The one formatter of instants on the pages:
	 * "2026-10-14T05:41:00Z" → "mercredi 14 octobre 2026 à 7 h 41" (Paris
	 * time; "1er" for the first of the month; the hour without a leading zero).
	 */
	function dateHeure(iso) {
		var d = new Date(iso || '');
		if (isNaN(d.getTime()))
			return iso || '';
		try {
			var p = {};
			new Intl.DateTimeFormat('en-GB', {
				timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
				hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
			}).formatToParts(d).forEach(function (x) { p[x.type] = x.value; });
			var jour = p.year + '-' + p.month + '-' + p.day;
			/* The day of the week of that calendar day (noon UTC: any zone agrees). */
			var semaine = JOURS[new Date(jour + 'T12:00:00Z').getUTCDay()];
			return semaine + ' ' + dateLongue(jour) + ' à ' + parseInt(p.hour, 10) + '\u00a0h\u00a0' + p.minute;
		} catch (e) {
			return d.toLocaleString('fr-FR');
		}
	}

	/* A parameter of the page's address (?jeton=..., ?id=...), or null. */
	function parametre(nom) {
		try {
			return new URLSearchParams(window.location.search).get(nom);
		} catch (e) {
			return null;
		}
	}

	/* --- text helpers ------------------------------------------------------------ */

	var MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet',
		'août', 'septembre', 'octobre', 'novembre', 'décembre'];

	/* "2017-03-01" → "1er mars 2017"; anything else is returned unchanged. */
	function dateLongue(iso) {
		var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
		if (!m)
			return iso || '';
		var jour = parseInt(m[3], 10);
		var mois = parseInt(m[2], 10);
		if (mois < 1 || mois > 12)
			return iso;
		return (jour === 1 ? '1er' : String(jour)) + ' ' + MOIS[mois - 1] + ' ' + m[1];
	}

	/*
	 * el('p', {class: 'x', 'data-y': '1'}, 'text', otherNode, ...): build an
	 * element; strings become text nodes, never HTML.
	 */
	function el(tag, attrs) {
		var n = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) {
			var v = attrs[k];
			if (v === null || v === undefined || v === false)
				return;
			if (k === 'class')
				n.className = v;
			else
				n.setAttribute(k, v === true ? '' : String(v));
		});
		for (var i = 2; i < arguments.length; i++) {
			var enfant = arguments[i];
			if (enfant === null || enfant === undefined || enfant === false)
				continue;
			n.appendChild(typeof enfant === 'string' ? document.createTextNode(enfant) : enfant);
		}
		return n;
	}

	function vider(n) {
		while (n.firstChild)
			n.removeChild(n.firstChild);
		return n;
	}

	/* A value for display: its text, or an italic "Non renseigné". */
	function valeurAffichee(champ, valeur) {
		var texte = valeurLisible(champ, valeur);
		if (texte === '')
			return el('span', { class: 'non-renseigne' }, 'Non renseigné');
		return el('span', { class: 'texte-libre' }, texte);
	}

	/* <dl> of the fields @champs of @objet (labels from LIBELLES_CHAMPS). */
	function listeValeurs(objet, champs, classe) {
		var dl = el('dl', { class: classe || 'valeurs' });
		champs.forEach(function (c) {
			dl.appendChild(el('div', { class: 'valeurs__ligne' },
				el('dt', null, LIBELLES_CHAMPS[c] || c),
				el('dd', null, valeurAffichee(c, objet ? objet[c] : null))));
		});
		return dl;
	}

	/* <dl> of what a request changes, as the service computed it
	 * (request.changes: [{field, label, before, after}]): for an edit, each
	 * field's value before — @motAvant, "Actuellement" while it waits — and
	 * the one asked; for an addition (nothing before), the values given. */
	function comparaison(changes, motAvant) {
		changes = changes || [];
		var ajout = changes.every(function (c) { return c.before === null || c.before === undefined; });
		var dl = el('dl', { class: ajout ? 'valeurs valeurs--compactes' : 'comparaison' });
		changes.forEach(function (c) {
			dl.appendChild(ajout ?
				el('div', { class: 'valeurs__ligne' },
					el('dt', null, c.label || c.field),
					el('dd', null, valeurAffichee(c.field, c.after))) :
				el('div', { class: 'comparaison__ligne' },
					el('dt', null, c.label || c.field),
					el('dd', { class: 'comparaison__actuel' }, (motAvant || 'Actuellement') + '\u00a0: ',
						valeurAffichee(c.field, c.before)),
					el('dd', { class: 'comparaison__demande' }, 'Demandé\u00a0: ', valeurAffichee(c.field, c.after))));
		});
		return dl;
	}

	/* --- the vocabulary: the fields' rules and words, from the service ------------- */

	var vocabulaire = null;

	/* Load GET /api/v1/vocabulary (cached by the browser: it changes only with
	 * the service) and index its words. Never fails: without it, the pages
	 * check less before sending and the service still checks everything. */
	function chargerVocabulaire() {
		return fetch('/api/v1/vocabulary', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
			.then(function (r) { return r.ok ? r.json() : null; })
			.catch(function () { return null; })
			.then(function (v) {
				vocabulaire = v && v.fields ? v : null;
				Object.keys((vocabulaire && vocabulaire.fields) || {}).forEach(function (objet) {
					vocabulaire.fields[objet].forEach(function (f) {
						if (!(f.name in LIBELLES_CHAMPS))
							LIBELLES_CHAMPS[f.name] = f.label;
						if (f.values && !LIBELLES_VALEURS[f.name]) {
							LIBELLES_VALEURS[f.name] = {};
							f.values.forEach(function (x) { LIBELLES_VALEURS[f.name][x.value] = x.label; });
						}
					});
				});
				return vocabulaire;
			});
	}

	/* The field @nom of @objet in the vocabulary, or null. */
	function champVocabulaire(objet, nom) {
		var liste = (vocabulaire && vocabulaire.fields[objet]) || [];
		for (var i = 0; i < liste.length; i++)
			if (liste[i].name === nom)
				return liste[i];
		return null;
	}

	function champDuControle(champ) {
		var nom = (champ.getAttribute('data-champ') || '').split('.');
		return champVocabulaire(nom[0], nom[1]);
	}

	/* The input mode of a format's keyboard on phones. */
	var SAISIE = { email: 'email', phone_fr: 'tel', postcode_fr: 'numeric' };

	/* Mark the label of @champ as the form says (data-marques): the required
	 * fields "(obligatoire)", or the optional ones "(facultatif)" unless
	 * their group already says so. */
	function marquer(champ, f, convention) {
		var label = champ.id && document.querySelector('label[for="' + champ.id + '"]');
		var groupe = champ.closest('fieldset');
		var legende = groupe && groupe.querySelector('legend');
		var marque = null;
		if (convention === 'obligatoire' && f.required)
			marque = el('span', { class: 'obligatoire__marque' }, '(obligatoire)');
		else if (convention === 'facultatif' && !f.required && !(legende && legende.querySelector('.facultatif')))
			marque = el('span', { class: 'facultatif' }, '(facultatif)');
		if (!label || !marque || label.querySelector('.obligatoire__marque, .facultatif'))
			return;
		label.appendChild(document.createTextNode(' '));
		label.appendChild(marque);
	}

	/* Give the controls under @racine their rules from the vocabulary (see
	 * the top of this file). */
	function appliquerVocabulaire(racine) {
		if (!vocabulaire)
			return;
		Array.prototype.forEach.call(racine.querySelectorAll('[data-objet]'), function (bloc) {
			var objet = bloc.getAttribute('data-objet');
			(vocabulaire.fields[objet] || []).forEach(function (f) {
				var champ = bloc.querySelector('[name="' + f.name + '"]');
				if (!champ)
					return;
				champ.setAttribute('data-champ', objet + '.' + f.name);
				champ.required = f.required;
				marquer(champ, f, bloc.getAttribute('data-marques'));
				if (f.max_length)
					champ.setAttribute('data-limite', f.max_length);
				if (champ.tagName === 'INPUT' && champ.type !== 'date' && f.pattern)
					champ.setAttribute('pattern', f.pattern);
				if (champ.tagName === 'INPUT' && SAISIE[f.format])
					champ.setAttribute('inputmode', SAISIE[f.format]);
				if (champ.tagName === 'SELECT')
					(f.values || []).forEach(function (x) {
						if (!champ.querySelector('option[value="' + x.value.replace(/"/g, '') + '"]'))
							champ.appendChild(el('option', { value: x.value }, x.label));
					});
			});
			Array.prototype.forEach.call(bloc.querySelectorAll('[data-aide-format]'), function (n) {
				var f = champVocabulaire(objet, n.getAttribute('data-aide-format'));
				if (f && f.messages.format)
					n.textContent = f.messages.format;
			});
		});
		['min', 'max'].forEach(function (borne) {
			Array.prototype.forEach.call(racine.querySelectorAll('[data-mot-de-passe-' + borne + ']'), function (n) {
				n.textContent = String(motDePasse(borne + '_length'));
			});
		});
	}

	/* --- start-up ------------------------------------------------------------------ */

	function pret(fn) {
		enAttente.push(fn);
	}

	function lancer(moi) {
		appliquerVocabulaire(document);
		initCompteurs(document);
		enAttente.forEach(function (fn) {
			try {
				fn(moi);
			} catch (e) {
				window.setTimeout(function () { throw e; });
			}
		});
		document.documentElement.classList.add('pret');
	}

	function erreurDeChargement(err) {
		var main = document.querySelector('main');
		var zone = document.querySelector('[data-annonce]');
		if (zone)
			montrerMessage(zone, (err && err.message) || MESSAGE_INATTENDU, 'erreur');
		if (main)
			main.removeAttribute('aria-busy');
	}

	function demarrer() {
		initMenu();
		initDeconnexion();
		marquerBientot(document);
		initStructure();
		initAffichageMotDePasse();
		afficherAnnonce();

		var acces = document.body.getAttribute('data-acces') || 'public';
		var vocabulairePret = chargerVocabulaire();
		if (acces === 'public') {
			vocabulairePret.then(function () { lancer(null); });
			return;
		}
		if (acces === 'aiguillage') {
			chargerMoi({ redirection: false }).then(function (moi) {
				aller(moi.must_change_password ? PAGES.motDePasse : PAGES.accueil, true);
			}, function (err) {
				if (err && err.status === 401)
					return aller(PAGES.connexion, true);
				erreurDeChargement(err);
			});
			return;
		}
		Promise.all([chargerMoi(), vocabulairePret]).then(function (r) {
			var moi = r[0];
			if (acces === 'session' && moi.must_change_password)
				return aller(PAGES.motDePasse, true);
			if (acces === 'changement' && !moi.must_change_password)
				return aller(PAGES.accueil, true);
			remplirEntete(moi);
			lancer(moi);
		}, erreurDeChargement);
	}

	/*
	 * The header and footer go in as soon as the page is parsed: the document
	 * turns "interactive" before the deferred page scripts run, so they find
	 * them in place; the rest starts at DOMContentLoaded, after those scripts
	 * have registered with Portail.pret().
	 */
	if (document.readyState === 'loading') {
		document.addEventListener('readystatechange', function () {
			if (document.readyState !== 'loading')
				afficherCadre();
		});
		document.addEventListener('DOMContentLoaded', function () {
			afficherCadre();
			demarrer();
		});
	} else {
		afficherCadre();
		demarrer();
	}

	window.Portail = {
		ApiError: ApiError,
		api: api,
		pret: pret,
		moi: function () { return etat.moi; },
		chargerMoi: chargerMoi,
		ouvrirSession: ouvrirSession,
		deconnecter: deconnecter,
		aller: aller,
		pages: PAGES,
		annoncer: annoncer,
		montrerMessage: montrerMessage,
		effacerMessage: effacerMessage,
		formulaire: formulaire,
		erreurChamp: erreurChamp,
		effacerErreurs: effacerErreurs,
		montrerErreurs: montrerErreurs,
		nomComplet: nomComplet,
		marquerBientot: marquerBientot,
		chargerStructure: chargerStructure,
		coordonneesStructure: coordonneesStructure,
		dateLongue: dateLongue,
		dateHeure: dateHeure,
		parametre: parametre,
		longueur: longueur,
		initCompteurs: initCompteurs,
		majCompteurs: majCompteurs,
		verifierChamps: verifierChamps,
		compteurMotDePasse: compteurMotDePasse,
		verifierMotDePasse: verifierMotDePasse,
		verifierEmail: verifierEmail,
		libellesChamps: LIBELLES_CHAMPS,
		libelleNiveau: libelleNiveau,
		telephoneLisible: telephoneLisible,
		valeurLisible: valeurLisible,
		valeurAffichee: valeurAffichee,
		listeValeurs: listeValeurs,
		comparaison: comparaison,
		el: el,
		vider: vider
	};
})();
