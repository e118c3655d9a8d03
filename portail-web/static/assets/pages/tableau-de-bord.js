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
	var CLASSES_STATUT = { pending: 'attente', accepted: 'acceptee', refused: 'refusee', applied: 'appliquee' };
	var CHAMPS_DETAIL = ['first_name', 'last_name', 'birth_date', 'sex', 'school', 'school_level',
		'allergies', 'diet', 'doctor', 'authorized_pickup', 'email', 'phone', 'mobile_phone',
		'work_phone', 'address', 'postcode', 'city', 'employer', 'notify_by_email', 'notify_by_sms'];

	function horodatage(prefixe, iso) {
		return el('p', { class: 'demande__date' }, prefixe + ' le ',
			el('time', { datetime: iso }, Portail.dateHeure(iso)));
	}

	/* What the request changes: for an edit the fields that differ (before →
	 * after), for anything else the values given. */
	function detail(d) {
		var avant = d.before || {};
		var apres = d.after || {};
		var champs = Object.keys(avant).length ?
			Portail.differences(avant, apres, CHAMPS_DETAIL) :
			CHAMPS_DETAIL.filter(function (c) {
				return apres[c] !== undefined && apres[c] !== null && apres[c] !== '';
			});
		if (!champs.length)
			return null;
		var contenu = Object.keys(avant).length ?
			Portail.comparaison(avant, apres, champs) :
			Portail.listeValeurs(apres, champs, 'valeurs valeurs--compactes');
		if (Object.keys(avant).length) {
			/* Past requests: "Actuellement" would be wrong; say "Avant" / "Demandé". */
			Array.prototype.forEach.call(contenu.querySelectorAll('.comparaison__actuel'), function (dd) {
				dd.firstChild.textContent = 'Avant\u00a0: ';
			});
		}
		return el('details', { class: 'demande__detail' },
			el('summary', null, 'Voir le détail', el('span', { class: 'visuellement-cache' }, ' de la demande')),
			contenu);
	}

	function carte(d) {
		var genre = Portail.genresDemande[d.kind] || d.kind;
		var statut = Portail.statutsDemande[d.status] || d.status;
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
