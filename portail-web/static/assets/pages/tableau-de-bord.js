/*
 * tableau-de-bord.js — the dashboard (tableau-de-bord.html): greets the
 * parent (the header fills the name), sums up the family, and lists the
 * history of the family's requests from GET /api/v1/requests, newest first,
 * with their kind, date and status; those still waiting for the service
 * are highlighted and counted.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var CLASSES_STATUT = { pending: 'attente', accepted: 'acceptee', refused: 'refusee', applied: 'appliquee',
		outdated: 'refusee' };

	function horodatage(prefixe, iso) {
		return el('p', { class: 'demande__date' }, prefixe + ' le ',
			el('time', { datetime: iso }, Portail.dateHeure(iso)));
	}

	/* What the request changes, as the service computed it: for an edit the
	 * fields that differ (before → asked), for anything else the values given. */
	function detail(d) {
		if (!d.changes || !d.changes.length)
			return null;
		return el('details', { class: 'demande__detail' },
			el('summary', null, 'Voir le détail', el('span', { class: 'visuellement-cache' }, ' de la demande')),
			/* Past requests: "Actuellement" would be wrong; say "Avant". */
			Portail.comparaison(d.changes, d.status === 'pending' ? 'Actuellement' : 'Avant'));
	}

	function carte(d) {
		var genre = d.kind_label || d.kind;
		var statut = d.status_label || d.status;
		var classe = CLASSES_STATUT[d.status] || 'autre';
		var idTitre = 'demande-' + d.id + '-titre';
		var article = el('article', { class: 'demande demande--' + classe, 'aria-labelledby': idTitre },
			el('div', { class: 'demande__tete' },
				el('h3', { id: idTitre }, genre),
				el('p', { class: 'statut statut--' + classe },
					el('span', { class: 'visuellement-cache' }, 'Statut\u00a0: '), statut)),
			d.summary ? el('p', { class: 'demande__resume' }, d.summary) : null,
			horodatage('Envoyée', d.created_at));
		if (d.processed_at && d.status !== 'applied')
			article.appendChild(horodatage(d.status === 'refused' ? 'Refusée' : 'Traitée', d.processed_at));
		if (d.status === 'refused')
			article.appendChild(el('p', { class: 'demande__motif' },
				el('strong', null, 'Motif du refus\u00a0: '), d.note || 'non précisé.'));
		else if (d.note)
			article.appendChild(el('p', { class: 'demande__note' },
				el('strong', null, 'Message du service\u00a0: '), d.note));
		if (d.status === 'pending')
			article.appendChild(el('p', { class: 'demande__aide' }, 'Le service n’a pas encore traité cette demande.'));
		if (d.status === 'outdated')
			article.appendChild(el('p', { class: 'demande__aide' }, 'Les informations concernées ont été ' +
				'modifiées depuis l’envoi de cette demande\u00a0: elle n’a pas été appliquée. ' +
				'Envoyez une nouvelle demande si vous souhaitez toujours ce changement.'));
		var plus = detail(d);
		if (plus)
			article.appendChild(plus);
		return el('li', null, article);
	}

	function afficher(demandes) {
		var section = document.querySelector('[data-section-demandes]');
		var liste = Portail.vider(document.querySelector('[data-demandes]'));
		var resume = document.querySelector('[data-resume-demandes]');
		demandes = demandes.slice().sort(function (a, b) {
			if (a.created_at !== b.created_at)
				return a.created_at < b.created_at ? 1 : -1;
			return b.id - a.id;
		});
		demandes.forEach(function (d) { liste.appendChild(carte(d)); });
		var enAttente = demandes.filter(function (d) { return d.status === 'pending'; }).length;
		resume.textContent = enAttente === 0 ? 'Aucune demande n’attend la validation du service.' :
			enAttente === 1 ? '1 demande attend la validation du service.' :
			enAttente + ' demandes attendent la validation du service.';
		resume.classList.toggle('resume-demandes--attente', enAttente > 0);
		resume.hidden = demandes.length === 0;
		liste.hidden = demandes.length === 0;
		document.querySelector('[data-aucune-demande]').hidden = demandes.length !== 0;
		document.querySelector('[data-chargement]').hidden = true;
		section.removeAttribute('aria-busy');
	}

	Portail.pret(function (moi) {
		var resumeFamille = document.querySelector('[data-resume-famille]');
		var enfants = (moi.family && moi.family.children) || [];
		if (resumeFamille && enfants.length)
			resumeFamille.textContent = enfants.length === 1 ? '1 enfant' : enfants.length + ' enfants';

		Portail.api('/api/v1/requests').then(function (r) {
			afficher((r && r.requests) || []);
		}, function (err) {
			var chargement = document.querySelector('[data-chargement]');
			chargement.textContent = 'Vos demandes n’ont pas pu être chargées. ' + err.message;
			chargement.classList.add('message', 'message--erreur');
			document.querySelector('[data-section-demandes]').removeAttribute('aria-busy');
		}).then(function () {
			document.documentElement.classList.add('demandes-chargees');
		});
	});
})();
