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
 *   - the common header: the menu button on small screens, the parent's
 *     name, the "Se déconnecter" button;
 *   - forms: errors shown next to the named field (aria-invalid,
 *     aria-describedby) or in the form's alert region;
 *   - small DOM and date helpers (text only: data is never parsed as HTML).
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

	/* --- the header ---------------------------------------------------------- */

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
		var libelle = bouton ? bouton.textContent : '';
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
					bouton.textContent = libelle;
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

	/* --- start-up ------------------------------------------------------------------ */

	function pret(fn) {
		enAttente.push(fn);
	}

	function lancer(moi) {
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
		initAffichageMotDePasse();
		afficherAnnonce();

		var acces = document.body.getAttribute('data-acces') || 'public';
		if (acces === 'public') {
			lancer(null);
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
		chargerMoi().then(function (moi) {
			if (acces === 'session' && moi.must_change_password)
				return aller(PAGES.motDePasse, true);
			if (acces === 'changement' && !moi.must_change_password)
				return aller(PAGES.accueil, true);
			remplirEntete(moi);
			lancer(moi);
		}, erreurDeChargement);
	}

	if (document.readyState === 'loading')
		document.addEventListener('DOMContentLoaded', demarrer);
	else
		demarrer();

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
		dateLongue: dateLongue,
		el: el,
		vider: vider
	};
})();
