/*
 * inscriptions.js — how an enrolment (inscription) reads on every page that
 * shows one: the rubrique (inscriptions.html), Ma famille, a child's page
 * and the confirmation of the cascade (inscription-enfant.html).
 *
 * Loaded after portail.js, before the page's own script. It provides
 * window.Portail.inscriptions:
 *   - marqueur(e): the guide's marker of an enrolment (the API's "marker":
 *     V validated, ? waiting for validation, ! petite-enfance pre-enrolment
 *     not yet validated) as a visible badge whose text alternative says
 *     what it means ("V — validée"); null when the enrolment has none;
 *   - carte(e, niveau): an enrolment as a card (<article>, its title a
 *     heading of level @niveau): marker and status, activity, period,
 *     group, dates or the petite-enfance wishes and contract, rank on the
 *     waiting list, reason of a refusal or cancellation, what the family
 *     must still provide; and an empty place for the actions on it;
 *   - ligne(e): the same in one line, for a child's card of Ma famille;
 *   - classer(liste): the enrolments split into en cours (validated),
 *     en attente (pending, waiting list) and closes (refused, cancelled,
 *     withdrawn);
 *   - ajouterAction(fn): register fn(e, zone) to add controls to the
 *     actions place of each card (e.g. the request of a certificate for a
 *     validated enrolment); a validated enrolment's card and line always
 *     lead to its days in Mes réservations (lienReservations);
 *   - charger(chemin): the list of enrolments of GET @chemin;
 *   - periode(debut, fin): "du 9 décembre 2026 au 3 juillet 2027";
 *   - aujourdhui(): today's date in Paris, "2026-12-02".
 * Every word of a status comes from the API (status_label); the markers'
 * meanings are the guide's.
 */
(function () {
	'use strict';

	var el = Portail.el;

	var MARQUEURS = {
		'V': { classe: 'valide', sens: 'V — validée' },
		'?': { classe: 'attente', sens: '? — en attente de validation' },
		'!': { classe: 'preinscription', sens: '! — préinscription petite enfance non validée' }
	};

	/* The status of an enrolment → the class of its status label. */
	var CLASSES_STATUT = { pending: 'attente', waiting: 'attente', validated: 'acceptee',
		refused: 'refusee', cancelled: 'refusee', withdrawn: 'autre' };

	var actions = [];

	function cache(texte) {
		return el('span', { class: 'visuellement-cache' }, texte);
	}

	function marqueur(e) {
		var m = e && MARQUEURS[e.marker];
		if (!m)
			return null;
		return el('span', { class: 'marqueur marqueur--' + m.classe, 'data-marqueur': e.marker },
			el('span', { 'aria-hidden': 'true' }, e.marker), cache(m.sens));
	}

	function periode(debut, fin) {
		if (debut && fin)
			return 'du ' + Portail.dateLongue(debut) + ' au ' + Portail.dateLongue(fin);
		if (debut)
			return 'à partir du ' + Portail.dateLongue(debut);
		return '';
	}

	/* Today in Paris, as the service counts days. */
	function aujourdhui() {
		try {
			var p = {};
			new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric',
				month: '2-digit', day: '2-digit' }).formatToParts(new Date())
				.forEach(function (x) { p[x.type] = x.value; });
			return p.year + '-' + p.month + '-' + p.day;
		} catch (err) {
			return new Date().toISOString().slice(0, 10);
		}
	}

	function pluriel(n, mot) {
		return n + '\u00a0' + mot + (Number(n) > 1 ? 's' : '');
	}

	/* "4 jours et 32 heures par semaine". */
	function rythme(o) {
		var parts = [];
		if (o.days_per_week !== null && o.days_per_week !== undefined)
			parts.push(pluriel(o.days_per_week, 'jour'));
		if (o.hours_per_week !== null && o.hours_per_week !== undefined)
			parts.push(pluriel(o.hours_per_week, 'heure'));
		return parts.length ? parts.join(' et ') + ' par semaine' : '';
	}

	function ligneValeur(libelle, valeur, classe) {
		if (valeur === null || valeur === undefined || valeur === '')
			return null;
		return el('div', { class: 'valeurs__ligne' + (classe ? ' ' + classe : '') },
			el('dt', null, libelle),
			el('dd', null, valeur));
	}

	/* What the family must still provide: documents, rules to accept. */
	function aFournir(e) {
		var items = (e.missing || []).map(function (d) { return d.label || d.type; });
		var r = e.rules_to_accept;
		if (r && (r.title || r.version))
			items.push('Règlement à accepter\u00a0: ' + (r.title || 'règlement intérieur') +
				(r.version ? ' (version ' + r.version + ')' : ''));
		return items.length ? listeSimple(items) : null;
	}

	function listeSimple(items) {
		var ul = el('ul', { class: 'inscription__a-fournir' });
		items.forEach(function (t) { ul.appendChild(el('li', null, t)); });
		return ul;
	}

	function details(e) {
		var dl = el('dl', { class: 'valeurs valeurs--compactes inscription__details' });
		var pe = e.pre_enrolment;
		var contrat = pe && pe.contract;
		var lignes = [
			ligneValeur('Période', e.period && e.period.label),
			ligneValeur('Groupe', e.group && e.group.label)
		];
		if (pe) {
			lignes.push(ligneValeur('Début souhaité', Portail.dateLongue(pe.wanted_start)));
			lignes.push(ligneValeur('Accueil souhaité', rythme(pe)));
			if (contrat) {
				var debut = contrat.start || contrat.start_day || contrat.first_day;
				lignes.push(ligneValeur('Contrat', [debut ? 'à partir du ' + Portail.dateLongue(debut) : '',
					rythme(contrat)].filter(Boolean).join(', ')));
			}
		} else {
			lignes.push(ligneValeur('Dates', periode(e.first_day, e.last_day)));
		}
		if (e.status === 'waiting' && e.waitlist_rank)
			lignes.push(ligneValeur('Liste d’attente', e.waitlist_rank === 1 ? '1re position' :
				e.waitlist_rank + 'e position'));
		if (e.reason)
			lignes.push(ligneValeur(e.status === 'cancelled' ? 'Motif de l’annulation' :
				e.status === 'refused' ? 'Motif du refus' : 'Motif', e.reason, 'inscription__motif'));
		if (e.comment)
			lignes.push(ligneValeur('Votre commentaire', el('span', { class: 'texte-libre' }, e.comment)));
		var manque = aFournir(e);
		if (manque)
			lignes.push(ligneValeur('À fournir au service', manque, 'inscription__manque'));
		lignes.forEach(function (l) {
			if (l)
				dl.appendChild(l);
		});
		return dl;
	}

	function statut(e) {
		return el('p', { class: 'statut statut--' + (CLASSES_STATUT[e.status] || 'autre') },
			cache('Statut\u00a0: '), e.status_label || e.status);
	}

	/* The link to the days of a validated enrolment (reservations.html), or
	 * null: "Réservations", which the screen reader hears with the child
	 * and the activity. */
	function lienReservations(e, classe) {
		if (!e || e.status !== 'validated')
			return null;
		var prenom = String(e.child_name || '').split(' ')[0];
		return el('a', { class: classe || null, href: '/reservations.html?inscription=' + e.id, 'data-lien-reservations': e.id },
			'Réservations', cache(' de ' + prenom + (e.activity ? ', ' + e.activity : '')));
	}

	function zoneActions(e) {
		var zone = el('div', { class: 'inscription__actions', 'data-actions-inscription': e.id },
			lienReservations(e, 'bouton bouton--secondaire'));
		actions.forEach(function (fn) {
			try {
				fn(e, zone);
			} catch (err) {
				window.setTimeout(function () { throw err; });
			}
		});
		zone.hidden = !zone.firstChild;
		return zone;
	}

	function carte(e, niveau) {
		var idTitre = 'inscription-' + e.id + '-titre';
		var chemin = [e.facility, e.activity_type].filter(Boolean).join(' · ');
		return el('article', { class: 'inscription inscription--' + (CLASSES_STATUT[e.status] || 'autre'),
			'aria-labelledby': idTitre, 'data-inscription': e.id },
			el('div', { class: 'inscription__tete' },
				marqueur(e),
				el('div', { class: 'inscription__titres' },
					el('h' + (niveau || 3), { id: idTitre, class: 'inscription__titre' }, e.activity || ''),
					chemin ? el('p', { class: 'inscription__chemin' }, chemin) : null),
				statut(e)),
			details(e),
			zoneActions(e));
	}

	/* One line: marker, activity, period, group, dates, status. */
	function ligne(e) {
		var quoi = [e.activity, e.period && e.period.label, e.group && e.group.label].filter(Boolean).join(', ');
		var quand = e.pre_enrolment ? (e.pre_enrolment.wanted_start ?
			'début souhaité le ' + Portail.dateLongue(e.pre_enrolment.wanted_start) : '') :
			periode(e.first_day, e.last_day);
		return el('p', { class: 'inscription-ligne', 'data-inscription': e.id },
			marqueur(e),
			el('span', { class: 'inscription-ligne__texte' }, quoi + (quand ? ', ' + quand : '') + ' ',
				statut(e)),
			lienReservations(e, 'inscription-ligne__lien'));
	}

	function classer(liste) {
		var r = { enCours: [], enAttente: [], closes: [] };
		(liste || []).forEach(function (e) {
			if (e.status === 'validated')
				r.enCours.push(e);
			else if (e.status === 'pending' || e.status === 'waiting')
				r.enAttente.push(e);
			else
				r.closes.push(e);
		});
		return r;
	}

	function ajouterAction(fn) {
		actions.push(fn);
	}

	/* GET @chemin (/api/v1/enrolments or a child's) → a promise of the list
	 * (the body is {"enrolments": [...]}; a bare list is taken as well). */
	function charger(chemin) {
		return Portail.api(chemin).then(function (r) {
			return Array.isArray(r) ? r : (r && r.enrolments) || [];
		});
	}

	Portail.inscriptions = {
		marqueur: marqueur,
		carte: carte,
		ligne: ligne,
		classer: classer,
		ajouterAction: ajouterAction,
		charger: charger,
		periode: periode,
		lienReservations: lienReservations,
		aujourdhui: aujourdhui
	};
})();
