/*
 * reservations.js — Mes réservations (reservations.html?inscription=N&mois=
 * YYYY-MM): the month calendar of one validated enrolment of a child.
 *
 * The parent chooses the child and enrolment (the family's validated ones,
 * GET /api/v1/enrolments), then reads the month (GET /api/v1/enrolments/N/
 * calendar?month=, one request): each day with its state, each unit of an
 * open day with its own: a unit that can still change is a check box,
 * ticked when the child holds it (booked, waiting for validation, on the
 * waiting list), with "modifiable jusqu’au …" when a notice period limits
 * it; a unit that cannot change says why, in the service's words. Ticking a
 * free unit selects it to book, unticking a held one selects it to cancel;
 * the selection (kept across months) is listed with its count, and
 * "Confirmer" sends it in one call (POST /api/v1/enrolments/N/reservations).
 * The answer is listed day by day with the reason of every refusal, read
 * out by a live region, and the month is read again. Previous and next
 * months stay within the enrolment's dates. The days form a list, drawn as
 * a 7-column grid on wide screens and as a list of days on a phone. The
 * enrolment's typical week is a link away (semaine-type.html).
 */
(function () {
	'use strict';

	var el = Portail.el;
	var R = Portail.reservations;

	/* The states of a unit in which the child holds it: ticked. */
	var TENUS = { booked: true, pending: true, waiting: true };

	var page = {
		inscription: null,
		mois: null,
		calendrier: null,
		selection: {},       /* "day|unit" → {day, unit, label, action} */
		lecture: 0,          /* the number of the latest calendar read */
		occupe: false
	};

	function $(sel) {
		return document.querySelector(sel);
	}

	function cle(jour, unite) {
		return jour + '|' + unite;
	}

	/* The month to show first: the one asked, else today's, within the enrolment. */
	function moisInitial(e) {
		var demande = Portail.parametre('mois');
		var mois = /^\d{4}-\d{2}$/.test(demande || '') ? demande : R.moisDe(Portail.inscriptions.aujourdhui());
		return borner(mois, e);
	}

	function borner(mois, e) {
		var min = R.moisDe(e.first_day), max = R.moisDe(e.last_day);
		return mois < min ? min : mois > max ? max : mois;
	}

	function moisVoisin(mois, n) {
		var a = parseInt(mois.slice(0, 4), 10), m = parseInt(mois.slice(5, 7), 10) - 1 + n;
		a += Math.floor(m / 12);
		m = ((m % 12) + 12) % 12;
		return a + '-' + (m < 9 ? '0' : '') + (m + 1);
	}

	function retenirAdresse() {
		try {
			var url = new URL(window.location.href);
			url.searchParams.set('inscription', page.inscription.id);
			url.searchParams.set('mois', page.mois);
			window.history.replaceState(null, '', url.pathname + url.search);
		} catch (e) { /* an old browser: the address only stays as it was */ }
	}

	/* --- the days --------------------------------------------------------------- */

	function texteJour(j) {
		if (j.state === 'closed' || j.state === 'holiday')
			return /^Fermé/.test(j.reason || '') ? j.reason : 'Fermé' + (j.reason ? '\u00a0— ' + j.reason : '');
		if (j.state === 'weekday_closed')
			return j.reason || 'Pas d’accueil ce jour';
		return j.reason || 'En dehors de l’inscription';
	}

	function idUnite(jour, unite) {
		return 'u-' + jour + '-' + unite.replace(/[^a-z0-9-]/gi, '_');
	}

	function caseUnite(j, u, libelle) {
		var id = idUnite(j.day, u.unit);
		var tenu = !!TENUS[u.state];
		var choisi = !!page.selection[cle(j.day, u.unit)];
		var etat = R.etatUnite(u);
		var decrit = [id + '-etat'];
		var li = el('li', { class: 'unite unite--' + u.state + (u.modifiable ? ' unite--modifiable' : '') });
		if (u.modifiable) {
			var c = el('input', { type: 'checkbox', id: id, 'data-jour': j.day, 'data-unite': u.unit });
			c.checked = tenu !== choisi;
			c.addEventListener('change', function () {
				basculer(j.day, u, libelle, tenu, c.checked);
			});
			li.appendChild(el('div', { class: 'unite__case' + (choisi ? ' unite__case--choisie' : '') },
				c,
				el('label', { for: id }, libelle,
					el('span', { class: 'visuellement-cache' }, ', ' + R.jourCourt(j.day)))));
		} else {
			li.appendChild(el('p', { class: 'unite__nom' }, libelle));
		}
		li.appendChild(el('p', { class: 'unite__etat etat etat--' + etat.classe, id: id + '-etat' }, etat.texte));
		if (u.modifiable && u.modifiable_until_label) {
			li.appendChild(el('p', { class: 'unite__delai', id: id + '-delai' },
				'modifiable jusqu’au ' + u.modifiable_until_label));
			decrit.push(id + '-delai');
		}
		if (u.late_cancel_billable)
			li.appendChild(el('p', { class: 'unite__delai' }, 'Annulation tardive facturée'));
		var champ = li.querySelector('input');
		if (champ)
			champ.setAttribute('aria-describedby', decrit.join(' '));
		return li;
	}

	function jourElement(j, libelles) {
		var li = el('li', { class: 'jour jour--' + j.state + ' jour--col-' + R.jourSemaine(j.day), 'data-jour': j.day },
			el('h3', { class: 'jour__date' }, R.jourCourt(j.day)));
		if (j.state !== 'open') {
			li.appendChild(el('p', { class: 'jour__etat etat etat--ferme' }, texteJour(j)));
			return li;
		}
		var ul = el('ul', { class: 'jour__unites' });
		(j.units || []).forEach(function (u) {
			ul.appendChild(caseUnite(j, u, libelles[u.unit] || u.unit));
		});
		li.appendChild(ul);
		return li;
	}

	function dessinerMois(cal) {
		var libelles = {};
		(cal.units || []).forEach(function (u) { libelles[u.code] = u.label; });
		var liste = Portail.vider($('[data-jours]'));
		(cal.days || []).forEach(function (j) { liste.appendChild(jourElement(j, libelles)); });
		var ouverts = (cal.days || []).filter(function (j) { return j.state === 'open'; }).length;
		var etat = $('[data-etat-calendrier]');
		etat.textContent = ouverts ? '' : 'Aucun jour d’accueil ce mois-ci pour cette inscription.';
		etat.hidden = !!ouverts;
	}

	function majNavigation() {
		var e = page.inscription;
		var prec = moisVoisin(page.mois, -1), suiv = moisVoisin(page.mois, 1);
		var bPrec = $('[data-mois-precedent]'), bSuiv = $('[data-mois-suivant]');
		$('[data-titre-mois]').textContent = R.moisLong(page.mois).replace(/^./, function (c) { return c.toUpperCase(); });
		$('[data-nom-precedent]').textContent = '\u00a0: ' + R.moisLong(prec);
		$('[data-nom-suivant]').textContent = '\u00a0: ' + R.moisLong(suiv);
		bPrec.disabled = prec < R.moisDe(e.first_day);
		bSuiv.disabled = suiv > R.moisDe(e.last_day);
	}

	/* Read and draw the month; @focus: move the focus to its title after. */
	function chargerMois(focus) {
		var section = $('[data-calendrier]');
		var numero = ++page.lecture;
		var e = page.inscription;
		section.hidden = false;
		section.setAttribute('aria-busy', 'true');
		majNavigation();
		retenirAdresse();
		return Portail.api('/api/v1/enrolments/' + e.id + '/calendar?month=' + page.mois).then(function (cal) {
			if (numero !== page.lecture)
				return;
			page.calendrier = cal;
			dessinerMois(cal);
			section.removeAttribute('aria-busy');
			if (focus)
				$('[data-titre-mois]').focus();
		}, function (err) {
			if (numero !== page.lecture)
				return;
			Portail.vider($('[data-jours]'));
			var etat = $('[data-etat-calendrier]');
			etat.textContent = 'Le calendrier n’a pas pu être chargé. ' + err.message;
			etat.className = 'message message--erreur';
			etat.hidden = false;
			section.removeAttribute('aria-busy');
		});
	}

	/* --- the selection ----------------------------------------------------------- */

	function basculer(jour, u, libelle, tenu, coche) {
		var k = cle(jour, u.unit);
		if (coche === tenu)
			delete page.selection[k];
		else
			page.selection[k] = { day: jour, unit: u.unit, label: libelle, action: tenu ? 'cancel' : 'book' };
		var boite = document.getElementById(idUnite(jour, u.unit));
		if (boite)
			boite.parentNode.classList.toggle('unite__case--choisie', !!page.selection[k]);
		dessinerSelection();
	}

	function choix() {
		return Object.keys(page.selection).sort().map(function (k) { return page.selection[k]; });
	}

	function dessinerSelection() {
		var items = choix();
		var nb = { book: 0, cancel: 0 };
		var liste = Portail.vider($('[data-liste-selection]'));
		items.forEach(function (s) {
			nb[s.action]++;
			liste.appendChild(el('li', { class: 'selection__item selection__item--' + s.action },
				el('strong', null, s.action === 'cancel' ? 'Annuler' : 'Réserver'),
				' ' + s.label + ', ' + R.jourLong(s.day)));
		});
		var resume;
		if (!items.length) {
			resume = 'Aucun jour sélectionné. Cochez un moment pour le réserver, décochez-en un réservé pour l’annuler.';
		} else {
			var parts = [];
			if (nb.book)
				parts.push(nb.book + ' à réserver');
			if (nb.cancel)
				parts.push(nb.cancel + ' à annuler');
			resume = items.length + (items.length > 1 ? ' changements sélectionnés' : ' changement sélectionné') +
				'\u00a0: ' + parts.join(', ') + '.';
		}
		$('[data-resume-selection]').textContent = resume;
		liste.hidden = !items.length;
		$('[data-confirmer]').disabled = !items.length;
		$('[data-vider]').hidden = !items.length;
	}

	function viderSelection() {
		page.selection = {};
		if (page.calendrier)
			dessinerMois(page.calendrier);
		dessinerSelection();
	}

	function confirmer() {
		var items = choix();
		var bouton = $('[data-confirmer]');
		if (!items.length || page.occupe)
			return;
		var corps = { book: [], cancel: [] };
		items.forEach(function (s) { corps[s.action].push({ day: s.day, unit: s.unit }); });
		page.occupe = true;
		bouton.setAttribute('aria-disabled', 'true');
		bouton.textContent = 'Envoi en cours…';
		Portail.effacerMessage($('[data-annonce]'));
		Portail.api('/api/v1/enrolments/' + page.inscription.id + '/reservations', { method: 'POST', body: corps })
			.then(function (reponse) {
				page.selection = {};
				montrerReponse(reponse);
				dessinerSelection();
				return chargerMois(false);
			}, function (err) {
				Portail.montrerMessage($('[data-annonce]'), err.message, 'erreur');
				$('[data-annonce]').focus();
			}).then(function () {
				page.occupe = false;
				bouton.removeAttribute('aria-disabled');
				bouton.textContent = 'Confirmer';
			});
	}

	function montrerReponse(reponse) {
		var results = (reponse && reponse.results) || [];
		var zone = Portail.vider($('[data-resultat-contenu]'));
		zone.appendChild(el('p', null, R.resume(results).replace(/^Réponse du service\u00a0: /, '')
			.replace(/^./, function (c) { return c.toUpperCase(); })));
		zone.appendChild(R.resultats(results, 3));
		if (reponse && reponse.request)
			zone.appendChild(el('p', { class: 'message message--info' },
				'Une partie de ces changements attend la validation du service. Vous la suivez dans votre ',
				el('a', { href: '/tableau-de-bord.html' }, 'tableau de bord'), '.'));
		$('[data-resultat]').hidden = false;
		$('[data-resultat-annonce]').textContent = R.resume(results);
		$('#titre-resultat').focus();
	}

	/* --- the enrolment chosen ------------------------------------------------------- */

	function choisirInscription(e, focus) {
		page.inscription = e;
		page.selection = {};
		page.calendrier = null;
		$('[data-resultat]').hidden = true;
		$('[data-details-inscription]').textContent = 'Inscription ' + Portail.inscriptions.periode(e.first_day, e.last_day) + '.';
		var semaine = $('[data-lien-semaine]');
		semaine.href = '/semaine-type.html?inscription=' + e.id;
		semaine.textContent = 'Semaine type de ' + (e.child_name || 'l’enfant');
		page.mois = moisInitial(e);
		$('[data-selection]').hidden = false;
		dessinerSelection();
		return chargerMois(focus);
	}

	R.demarrer('[data-reservations]', function () {
		$('[data-choix]').hidden = false;
		$('[data-mois-precedent]').addEventListener('click', function () {
			page.mois = moisVoisin(page.mois, -1);
			chargerMois(true);
		});
		$('[data-mois-suivant]').addEventListener('click', function () {
			page.mois = moisVoisin(page.mois, 1);
			chargerMois(true);
		});
		$('[data-confirmer]').addEventListener('click', confirmer);
		$('[data-vider]').addEventListener('click', viderSelection);
	}, choisirInscription);
})();
