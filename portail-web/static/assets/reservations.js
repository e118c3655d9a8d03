/*
 * reservations.js — what the two booking pages share: Mes réservations
 * (reservations.html, the month calendar) and Semaine type
 * (semaine-type.html). Loaded after portail.js and inscriptions.js, before
 * the page's own script. It provides window.Portail.reservations:
 *   - inscriptions(moi): a promise of the family's validated enrolments
 *     (GET /api/v1/enrolments), the only ones that can book, ordered as the
 *     family's children;
 *   - remplirChoix(select, liste, id): the <select> of "child and
 *     enrolment", one group per child; returns the enrolment chosen (@id
 *     when it is in the list, else the first);
 *   - demarrer(zone, brancher, choisir): the start of both pages, once
 *     the family is known: loads the enrolments into the <select>
 *     [data-liste-inscriptions] (or says there is none), calls
 *     brancher(select) once to wire the page, then choisir(e, false) for
 *     the first enrolment (?inscription= or the first) and on each change;
 *     the element of selector @zone is aria-busy until then;
 *   - libelleInscription(e): "Mercredis, ALSH Mercredis 2026/2027
 *     (Élémentaires +6 ans)";
 *   - jourLong(iso) "mercredi 2 décembre 2026", jourCourt(iso) "mercredi
 *     2 décembre", moisLong("2026-12") "décembre 2026", jourSemaine(iso)
 *     1 (Monday) to 7 (Sunday), ajouterJours(iso, n), moisDe(iso);
 *   - etatUnite(u): what a unit of the calendar reads (its state, rank,
 *     reason) as {texte, classe};
 *   - resultats(results, niveau): the answer of a change (POST …/reservations,
 *     PUT …/week), day by day: each unit, what was asked, what became of
 *     it and why anything was refused, as a list (day headings of level
 *     @niveau); resume(results): the one sentence a screen reader hears.
 * Every reason shown is the service's (reason, in French); the page adds
 * only the words of the states and outcomes that the API names by code.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var JOURS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
	var MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet',
		'août', 'septembre', 'octobre', 'novembre', 'décembre'];

	function dateUtc(iso) {
		return new Date(iso + 'T12:00:00Z');
	}

	/* 1 Monday … 7 Sunday (the API's weekdays). */
	function jourSemaine(iso) {
		var j = dateUtc(iso).getUTCDay();
		return j === 0 ? 7 : j;
	}

	function ajouterJours(iso, n) {
		var d = dateUtc(iso);
		d.setUTCDate(d.getUTCDate() + n);
		return d.toISOString().slice(0, 10);
	}

	function jourLong(iso) {
		return JOURS[dateUtc(iso).getUTCDay()] + ' ' + Portail.dateLongue(iso);
	}

	/* "mercredi 2 décembre": the year goes without saying in a month's calendar. */
	function jourCourt(iso) {
		return jourLong(iso).replace(/ \d{4}$/, '');
	}

	function moisLong(mois) {
		var m = /^(\d{4})-(\d{2})$/.exec(mois || '');
		return m ? MOIS[parseInt(m[2], 10) - 1] + ' ' + m[1] : mois || '';
	}

	function moisDe(iso) {
		return String(iso || '').slice(0, 7);
	}

	function position(rang) {
		return (rang === 1 ? '1re' : rang + 'e') + ' position';
	}

	function libelleInscription(e) {
		return [e.activity, e.period && e.period.label].filter(Boolean).join(', ') +
			(e.group && e.group.label ? ' (' + e.group.label + ')' : '');
	}

	function inscriptions(moi) {
		var enfants = (moi && moi.family && moi.family.children) || [];
		var ordre = {};
		enfants.forEach(function (c, i) { ordre[c.id] = i; });
		return Portail.inscriptions.charger('/api/v1/enrolments').then(function (liste) {
			return liste.filter(function (e) { return e.status === 'validated'; })
				.sort(function (a, b) {
					return ((ordre[a.child_id] || 0) - (ordre[b.child_id] || 0)) || (a.id - b.id);
				});
		});
	}

	function remplirChoix(select, liste, id) {
		var choisie = null;
		var groupes = {};
		Portail.vider(select);
		liste.forEach(function (e) {
			var g = groupes[e.child_id];
			if (!g) {
				g = groupes[e.child_id] = el('optgroup', { label: e.child_name || '' });
				select.appendChild(g);
			}
			g.appendChild(el('option', { value: e.id }, (e.child_name ? e.child_name + ' — ' : '') + libelleInscription(e)));
			if (String(e.id) === String(id))
				choisie = e;
		});
		choisie = choisie || liste[0] || null;
		if (choisie)
			select.value = String(choisie.id);
		return choisie;
	}

	function demarrer(zone, brancher, choisir) {
		Portail.pret(function (moi) {
			var busy = document.querySelector(zone);
			var select = document.querySelector('[data-liste-inscriptions]');
			var chargement = document.querySelector('[data-chargement]');
			var fin = function () {
				busy.removeAttribute('aria-busy');
				chargement.hidden = true;
			};
			inscriptions(moi).then(function (liste) {
				if (!liste.length) {
					document.querySelector('[data-aucune-inscription]').hidden = false;
					fin();
					return;
				}
				var e = remplirChoix(select, liste, Portail.parametre('inscription'));
				select.addEventListener('change', function () {
					var choisie = liste.filter(function (x) { return String(x.id) === select.value; })[0];
					if (choisie)
						choisir(choisie, false);
				});
				brancher(select);
				fin();
				return choisir(e, false);
			}).catch(function (err) {
				chargement.textContent = 'Vos inscriptions n’ont pas pu être chargées. ' + err.message;
				chargement.classList.add('message', 'message--erreur');
				busy.removeAttribute('aria-busy');
			});
		});
	}

	/* The words of a unit's state in the calendar (GET …/calendar). */
	function etatUnite(u) {
		var textes = {
			bookable: 'Disponible',
			booked: 'Réservé',
			pending: 'Réservé, en attente de validation',
			waiting: 'Liste d’attente' + (u.rank ? '\u00a0: ' + position(u.rank) : ''),
			cancel_pending: 'Annulation en attente de validation',
			full: 'Complet' + (u.modifiable ? '\u00a0: liste d’attente possible' : ''),
			locked: 'Non réservable'
		};
		var texte = textes[u.state] || u.state;
		if (u.reason)
			texte += '\u00a0— ' + u.reason;
		else if (!u.modifiable && u.state !== 'cancel_pending' && u.state !== 'locked')
			texte += '\u00a0— non modifiable';
		return { texte: texte, classe: u.state };
	}

	var ISSUES = {
		booked: 'réservé',
		pending: 'en attente de validation du service',
		waiting: 'sur liste d’attente',
		cancelled: 'annulé',
		cancel_pending: 'annulation en attente de validation du service',
		unchanged: 'rien à changer',
		refused: 'refusé'
	};

	var FAITS = { booked: true, pending: true, waiting: true, cancelled: true, cancel_pending: true };

	/* One result: "Réservation de Journée : réservé", and why. */
	function ligneResultat(r) {
		var quoi = (r.action === 'cancel' ? 'Annulation' : 'Réservation') + ' — ' + (r.unit_label || r.unit);
		var issue = ISSUES[r.outcome] || r.outcome;
		if (r.outcome === 'waiting' && r.rank)
			issue += ' (' + position(r.rank) + ')';
		if (r.outcome === 'cancelled' && r.billable)
			issue += ', annulation tardive facturée';
		var classe = r.outcome === 'refused' ? 'refuse' : FAITS[r.outcome] ? 'fait' : 'inchange';
		var ajout = r.added === 'linked' ? ' (ajouté avec le moment qui l’inclut)' :
			r.added === 'dependent' ? ' (annulé avec le moment dont il dépend)' : '';
		return el('li', { class: 'resultat__ligne resultat__ligne--' + classe, 'data-issue': r.day + '|' + r.unit },
			el('span', { class: 'resultat__quoi' }, quoi + ajout + '\u00a0: '),
			el('strong', { class: 'resultat__issue' }, issue.charAt(0).toUpperCase() + issue.slice(1)),
			r.reason ? el('span', { class: 'resultat__raison' }, '\u00a0— ' + r.reason) : null);
	}

	function resultats(liste, niveau) {
		var parJour = {};
		var jours = [];
		(liste || []).forEach(function (r) {
			if (!parJour[r.day]) {
				parJour[r.day] = [];
				jours.push(r.day);
			}
			parJour[r.day].push(r);
		});
		jours.sort();
		var ul = el('ul', { class: 'resultats' });
		jours.forEach(function (j) {
			var items = el('ul', { class: 'resultat__unites' });
			parJour[j].forEach(function (r) { items.appendChild(ligneResultat(r)); });
			ul.appendChild(el('li', { class: 'resultat__jour', 'data-jour': j },
				el('h' + (niveau || 3), null, jourLong(j)), items));
		});
		return ul;
	}

	function pluriel(n, un, plusieurs) {
		return n + ' ' + (n > 1 ? plusieurs : un);
	}

	function resume(liste) {
		var faits = 0, refuses = 0, inchanges = 0;
		(liste || []).forEach(function (r) {
			if (FAITS[r.outcome])
				faits++;
			else if (r.outcome === 'refused')
				refuses++;
			else
				inchanges++;
		});
		var parts = [pluriel(faits, 'changement fait', 'changements faits')];
		if (refuses)
			parts.push(pluriel(refuses, 'refusé', 'refusés'));
		if (inchanges)
			parts.push(pluriel(inchanges, 'sans changement', 'sans changement'));
		return 'Réponse du service\u00a0: ' + parts.join(', ') + '.';
	}

	Portail.reservations = {
		inscriptions: inscriptions,
		remplirChoix: remplirChoix,
		demarrer: demarrer,
		libelleInscription: libelleInscription,
		jourLong: jourLong,
		jourCourt: jourCourt,
		moisLong: moisLong,
		moisDe: moisDe,
		jourSemaine: jourSemaine,
		ajouterJours: ajouterJours,
		position: position,
		etatUnite: etatUnite,
		resultats: resultats,
		resume: resume
	};
})();
