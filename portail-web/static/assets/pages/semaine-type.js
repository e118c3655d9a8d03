/*
 * semaine-type.js — Semaine type (semaine-type.html?inscription=N): the
 * typical week of one validated enrolment, expanded into reservations over
 * a span the parent chooses (reservation-api.md, "Typical week").
 *
 * The parent chooses the child and enrolment, then, for each weekday the
 * period opens, the units to book and which weeks (every week, even or odd
 * ISO weeks), and the span (default: from today, or the enrolment's first
 * day, to its last day). The units and their labels, and the weekdays the
 * period opens, come from the enrolment's month calendar (GET …/calendar,
 * the month the span starts in); the week already stored, if any, from
 * GET …/week. "Voir l’aperçu" asks POST …/week/preview: the days to book
 * (with the waiting list or the validation they will need), those a
 * changed week cancels, and those skipped with the service's reason.
 * "Confirmer la semaine type" stores and expands it (PUT …/week) and lists
 * the answer day by day, read out by a live region. Changing anything
 * after a preview puts the preview away: only what was previewed is
 * confirmed.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var R = Portail.reservations;
	var NOMS = ['', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi', 'Dimanche'];
	var SEMAINES = [
		{ valeur: 'all', libelle: 'Toutes les semaines' },
		{ valeur: 'even', libelle: 'Semaines paires' },
		{ valeur: 'odd', libelle: 'Semaines impaires' }
	];

	var page = { inscription: null, unites: [], corps: null, occupe: false };

	function $(sel) {
		return document.querySelector(sel);
	}

	function base(e) {
		return '/api/v1/enrolments/' + e.id;
	}

	/* The first day the week applies from by default: today, within the enrolment. */
	function premierJour(e) {
		var j = Portail.inscriptions.aujourdhui();
		return j < e.first_day ? e.first_day : j > e.last_day ? e.last_day : j;
	}

	/* Weekdays (1-7) the period opens, read from a month of its calendar:
	 * a weekday whose every day is "weekday_closed" does not open. */
	function joursOuverts(cal) {
		var ferme = {}, vu = {};
		(cal.days || []).forEach(function (d) {
			var w = R.jourSemaine(d.day);
			vu[w] = true;
			if (d.state !== 'weekday_closed')
				ferme[w] = false;
			else if (ferme[w] === undefined)
				ferme[w] = true;
		});
		var jours = [];
		for (var w = 1; w <= 7; w++)
			if (vu[w] && ferme[w] === false)
				jours.push(w);
		return jours;
	}

	function idCase(w, unite) {
		return 'j' + w + '-' + unite.replace(/[^a-z0-9-]/gi, '_');
	}

	function ligneJour(w, unites, creneaux) {
		var idLegende = 'jour-' + w;
		var cases = el('div', { class: 'semaine-jour__unites' });
		var semaines = 'all';
		unites.forEach(function (u) {
			var id = idCase(w, u.code);
			var c = el('input', { type: 'checkbox', id: id, 'data-jour-semaine': w, 'data-unite': u.code });
			var creneau = creneaux.filter(function (s) { return s.weekday === w && s.unit === u.code; })[0];
			if (creneau) {
				c.checked = true;
				semaines = creneau.weeks || 'all';
			}
			cases.appendChild(el('div', { class: 'case' }, c, el('label', { for: id }, u.label,
				el('span', { class: 'visuellement-cache' }, ', ' + NOMS[w].toLowerCase()))));
		});
		var select = el('select', { id: 'semaines-' + w, 'data-semaines': w });
		SEMAINES.forEach(function (s) { select.appendChild(el('option', { value: s.valeur }, s.libelle)); });
		select.value = semaines;
		return el('li', { class: 'semaine-jour' },
			el('fieldset', { class: 'semaine-jour__groupe', 'aria-labelledby': idLegende },
				el('legend', { id: idLegende, class: 'semaine-jour__nom' }, NOMS[w]),
				cases,
				el('div', { class: 'champ champ--moyen semaine-jour__semaines' },
					el('label', { for: 'semaines-' + w }, 'Semaines du ' + NOMS[w].toLowerCase()),
					select)));
	}

	function creneauxChoisis() {
		var creneaux = [];
		Array.prototype.forEach.call(document.querySelectorAll('[data-jour-semaine]'), function (c) {
			var w = parseInt(c.getAttribute('data-jour-semaine'), 10);
			if (c.checked)
				creneaux.push({ weekday: w, unit: c.getAttribute('data-unite'),
					weeks: document.getElementById('semaines-' + w).value });
		});
		return creneaux;
	}

	function oublierApercu() {
		page.corps = null;
		$('[data-apercu]').hidden = true;
	}

	function libelleUnite(item) {
		if (item.unit_label)
			return item.unit_label;
		var u = page.unites.filter(function (x) { return x.code === item.unit; })[0];
		return u ? u.label : item.unit;
	}

	function listeApercu(titre, items, texte) {
		var bloc = el('section', { class: 'apercu__liste' },
			el('h3', null, titre + ' (' + items.length + ')'));
		if (!items.length)
			return null;
		var ul = el('ul', null);
		items.forEach(function (it) {
			ul.appendChild(el('li', { 'data-apercu': it.day + '|' + it.unit },
				el('span', { class: 'apercu__jour' }, R.jourLong(it.day) + ', ' + libelleUnite(it)), texte(it)));
		});
		bloc.appendChild(ul);
		return bloc;
	}

	function montrerApercu(ap) {
		var zone = Portail.vider($('[data-apercu-contenu]'));
		var book = ap.book || [], cancel = ap.cancel || [], skipped = ap.skipped || [];
		var parts = [book.length + ' à réserver'];
		if (cancel.length)
			parts.push(cancel.length + ' à annuler');
		parts.push(skipped.length + ' non ' + (skipped.length > 1 ? 'réservés' : 'réservé'));
		zone.appendChild(el('p', { 'data-resume-apercu': true }, parts.join(', ') + '.'));
		[
			listeApercu('À réserver', book, function (it) {
				if (it.outcome === 'waiting')
					return '\u00a0: complet, sur liste d’attente' + (it.rank ? ' (' + R.position(it.rank) + ')' : '');
				if (it.outcome === 'pending')
					return '\u00a0: à valider par le service';
				return null;
			}),
			listeApercu('À annuler', cancel, function (it) {
				return it.billable ? '\u00a0: annulation tardive facturée' : null;
			}),
			listeApercu('Non réservés', skipped, function (it) {
				return el('span', { class: 'apercu__raison' }, '\u00a0— ' + (it.reason || it.reason_code || ''));
			})
		].forEach(function (b) {
			if (b)
				zone.appendChild(b);
		});
		$('[data-confirmer]').hidden = !(book.length || cancel.length);
		if (!(book.length || cancel.length))
			zone.appendChild(el('p', null, 'Cette semaine type ne réserve ni n’annule aucun jour sur la période choisie.'));
		$('[data-apercu]').hidden = false;
		$('#titre-apercu').focus();
	}

	function verifier(v) {
		var erreurs = [];
		var e = page.inscription;
		if (!v.from)
			erreurs.push({ field: 'from', message: 'Saisissez le premier jour de la période.' });
		else if (v.from < e.first_day || v.from > e.last_day)
			erreurs.push({ field: 'from', message: 'Choisissez un jour de l’inscription, ' + Portail.inscriptions.periode(e.first_day, e.last_day) + '.' });
		if (!v.to)
			erreurs.push({ field: 'to', message: 'Saisissez le dernier jour de la période.' });
		else if (v.to < e.first_day || v.to > e.last_day)
			erreurs.push({ field: 'to', message: 'Choisissez un jour de l’inscription, ' + Portail.inscriptions.periode(e.first_day, e.last_day) + '.' });
		else if (v.from && v.to < v.from)
			erreurs.push({ field: 'to', message: 'Le dernier jour ne peut pas précéder le premier.' });
		if (!creneauxChoisis().length)
			erreurs.push({ field: null, message: 'Cochez au moins un moment d’un jour de la semaine.' });
		return erreurs;
	}

	function apercu(v) {
		var corps = { slots: creneauxChoisis(), from: v.from, to: v.to };
		$('[data-resultat]').hidden = true;
		return Portail.api(base(page.inscription) + '/week/preview', { method: 'POST', body: corps }).then(function (ap) {
			page.corps = corps;
			montrerApercu(ap || {});
		});
	}

	function confirmer() {
		var bouton = $('[data-confirmer]');
		if (!page.corps || page.occupe)
			return;
		page.occupe = true;
		bouton.setAttribute('aria-disabled', 'true');
		bouton.textContent = 'Enregistrement en cours…';
		Portail.effacerMessage($('[data-annonce]'));
		Portail.api(base(page.inscription) + '/week', { method: 'PUT', body: page.corps }).then(function (r) {
			var results = (r && r.results) || [];
			var zone = Portail.vider($('[data-resultat-contenu]'));
			zone.appendChild(el('p', null, 'Votre semaine type est enregistrée. ' +
				R.resume(results).replace(/^Réponse du service\u00a0: /, '').replace(/^./, function (c) { return c.toUpperCase(); })));
			zone.appendChild(R.resultats(results, 3));
			if (r && r.request)
				zone.appendChild(el('p', { class: 'message message--info' },
					'Une partie de ces réservations attend la validation du service. Vous la suivez dans votre ',
					el('a', { href: '/tableau-de-bord.html' }, 'tableau de bord'), '.'));
			oublierApercu();
			$('[data-resultat]').hidden = false;
			$('[data-resultat-annonce]').textContent = 'Semaine type enregistrée. ' + R.resume(results);
			$('#titre-resultat').focus();
		}, function (err) {
			Portail.montrerMessage($('[data-annonce]'), err.message, 'erreur');
			$('[data-annonce]').focus();
		}).then(function () {
			page.occupe = false;
			bouton.removeAttribute('aria-disabled');
			bouton.textContent = 'Confirmer la semaine type';
		});
	}

	function lienCalendrier(e) {
		['[data-lien-calendrier]', '[data-lien-calendrier-resultat]'].forEach(function (s) {
			$(s).href = '/reservations.html?inscription=' + e.id;
		});
	}

	/* Draw the form of enrolment @e: its weekdays and units, the stored week. */
	function choisirInscription(e) {
		var form = $('[data-formulaire-semaine]');
		var debut = premierJour(e);
		page.inscription = e;
		oublierApercu();
		$('[data-resultat]').hidden = true;
		Portail.effacerErreurs(form);
		lienCalendrier(e);
		$('[data-details-inscription]').textContent = 'Inscription ' + Portail.inscriptions.periode(e.first_day, e.last_day) + '.';
		['du', 'au'].forEach(function (id) {
			var c = document.getElementById(id);
			c.min = e.first_day;
			c.max = e.last_day;
		});
		form.setAttribute('aria-busy', 'true');
		var semaine = Portail.api(base(e) + '/week').catch(function () { return null; });
		var calendrier = Portail.api(base(e) + '/calendar?month=' + R.moisDe(debut));
		return Promise.all([calendrier, semaine]).then(function (r) {
			var cal = r[0], stockee = r[1] || {};
			var jours = joursOuverts(cal);
			page.unites = cal.units || [];
			var liste = Portail.vider($('[data-jours]'));
			jours.forEach(function (w) { liste.appendChild(ligneJour(w, page.unites, stockee.slots || [])); });
			$('#du').value = stockee.from && stockee.from >= debut ? stockee.from : debut;
			$('#au').value = stockee.to || e.last_day;
			form.removeAttribute('aria-busy');
		}, function (err) {
			Portail.vider($('[data-jours]'));
			Portail.montrerMessage($('[data-annonce]'), 'Les jours de cette inscription n’ont pas pu être chargés. ' + err.message, 'erreur');
			form.removeAttribute('aria-busy');
		});
	}

	R.demarrer('[data-semaine]', function (select) {
		var form = $('[data-formulaire-semaine]');
		form.hidden = false;
		form.addEventListener('change', function (ev) {
			if (ev.target !== select)
				oublierApercu();
		});
		Portail.formulaire(form, { verifier: verifier, envoyer: apercu });
		$('[data-confirmer]').addEventListener('click', confirmer);
	}, choisirInscription);
})();
