/*
 * tableau-de-bord.js — the dashboard (tableau-de-bord.html) and the page of
 * all the requests (demandes.html, <body data-vue="toutes">).
 *
 * The dashboard greets the parent (the header fills the name), sums up the
 * family, shows a family that is just starting what to do next (add the
 * children, complete the contact details), and lists the family's requests
 * from GET /api/v1/requests, newest first: every request still waiting for
 * the service (highlighted and counted) and the latest DERNIERES of the
 * others, with a link to demandes.html when there are more. demandes.html
 * lists them all.
 *
 * A request still pending can be withdrawn ("Retirer la demande", then a
 * confirmation in its card): POST /api/v1/requests/N/withdraw, after which
 * the list is read again and shows it "Retirée".
 */
(function () {
	'use strict';

	var el = Portail.el;
	/* How many requests already answered the dashboard shows. */
	var DERNIERES = 3;
	var CLASSES_STATUT = { pending: 'attente', accepted: 'acceptee', refused: 'refusee', applied: 'appliquee',
		outdated: 'refusee', withdrawn: 'autre' };

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
			horodatage(d.guardian_name ? 'Envoyée par ' + d.guardian_name : 'Envoyée', d.created_at));
		if (d.processed_at && d.status !== 'applied')
			article.appendChild(horodatage(d.status === 'refused' ? 'Refusée' :
				d.status === 'withdrawn' ? 'Retirée' : 'Traitée', d.processed_at));
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
		if (d.status === 'pending')
			article.appendChild(retrait(d));
		return el('li', null, article);
	}

	/* "Retirer la demande", asked again in the card before it is sent. */
	function retrait(d) {
		var zone = el('div', { class: 'retrait' });
		var quoi = el('span', { class: 'visuellement-cache' }, '\u00a0: ' + (d.summary || d.kind_label || ''));
		var bouton = el('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Retirer la demande', quoi);
		var question = el('div', { class: 'retrait__confirmation', hidden: true },
			el('p', { class: 'retrait__question', tabindex: '-1' },
				'Retirer cette demande\u00a0? Le service ne la traitera pas.'),
			el('div', { class: 'actions' },
				el('button', { type: 'button', class: 'bouton', 'data-oui': true }, 'Oui, retirer la demande'),
				el('button', { type: 'button', class: 'bouton bouton--secondaire', 'data-non': true }, 'Non, la garder')));
		var erreur = el('p', { class: 'message message--erreur', role: 'alert', hidden: true });
		var oui = question.querySelector('[data-oui]');
		var occupe = false;
		bouton.addEventListener('click', function () {
			bouton.hidden = true;
			question.hidden = false;
			question.querySelector('.retrait__question').focus();
		});
		question.querySelector('[data-non]').addEventListener('click', function () {
			question.hidden = true;
			bouton.hidden = false;
			bouton.focus();
		});
		oui.addEventListener('click', function () {
			if (occupe)
				return;
			occupe = true;
			oui.setAttribute('aria-disabled', 'true');
			var annonce = document.querySelector('[data-annonce]');
			var annoncer = function (message, genre) {
				return charger().then(function () {
					Portail.montrerMessage(annonce, message, genre);
					annonce.focus();
				});
			};
			Portail.api('/api/v1/requests/' + d.id + '/withdraw', { method: 'POST' }).then(function () {
				return annoncer('Votre demande est retirée\u00a0: le service ne la traitera pas.', 'succes');
			}, function (err) {
				/* Processed meanwhile: the list shows what became of it. */
				if (err && (err.status === 409 || err.status === 404))
					return annoncer(err.message, 'erreur');
				occupe = false;
				oui.removeAttribute('aria-disabled');
				question.hidden = true;
				bouton.hidden = false;
				Portail.montrerMessage(erreur, err.message, 'erreur');
			});
		});
		zone.appendChild(bouton);
		zone.appendChild(question);
		zone.appendChild(erreur);
		return zone;
	}

	/* On the dashboard: every pending request and the latest others. */
	function choisir(demandes) {
		var autres = 0;
		return demandes.filter(function (d) {
			return d.status === 'pending' || ++autres <= DERNIERES;
		});
	}

	function afficher(demandes, toutes) {
		var section = document.querySelector('[data-section-demandes]');
		var liste = Portail.vider(document.querySelector('[data-demandes]'));
		var resume = document.querySelector('[data-resume-demandes]');
		var lienToutes = document.querySelector('[data-lien-toutes]');
		demandes = demandes.slice().sort(function (a, b) {
			if (a.created_at !== b.created_at)
				return a.created_at < b.created_at ? 1 : -1;
			return b.id - a.id;
		});
		var montrees = toutes ? demandes : choisir(demandes);
		montrees.forEach(function (d) { liste.appendChild(carte(d)); });
		if (lienToutes) {
			lienToutes.hidden = montrees.length === demandes.length;
			lienToutes.querySelector('[data-nombre-demandes]').textContent = String(demandes.length);
		}
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

	/*
	 * A family that is just starting (no child yet, or contact details to
	 * complete) sees its next steps, each saying whether it is done.
	 */
	function premiersPas(moi) {
		var zone = document.querySelector('[data-premiers-pas]');
		var enfants = (moi.family && moi.family.children) || [];
		var g = moi.guardian || {};
		var ajoutEnAttente = (moi.pending || []).some(function (d) {
			return d.kind === 'child_add' && d.status === 'pending';
		});
		var etapes = [
			{ fait: enfants.length > 0, enCours: ajoutEnAttente, href: '/enfant.html',
				titre: 'Ajoutez vos enfants',
				texte: 'Leur nom, leur date de naissance, leur école et ce qui compte pour leur accueil. Le service valide chaque ajout.' },
			{ fait: Boolean((g.phone || g.mobile_phone) && g.address && g.city), href: '/coordonnees.html',
				titre: 'Complétez vos coordonnées',
				texte: 'Un téléphone et votre adresse, pour que le service puisse vous joindre.' },
			{ fait: false, href: '/inscriptions.html',
				titre: 'Inscrivez vos enfants aux activités',
				texte: 'Accueils de loisirs, périscolaire, restauration scolaire et petite enfance.' }
		];
		if (!zone || (etapes[0].fait && etapes[1].fait))
			return;
		var liste = Portail.vider(zone.querySelector('ol'));
		etapes.forEach(function (e) {
			var etat = e.fait ? 'Fait' : e.enCours ? 'En attente de validation' : 'À faire';
			liste.appendChild(el('li', { class: 'etape' + (e.fait ? ' etape--faite' : '') },
				el('p', { class: 'etape__titre' },
					el('a', { href: e.href }, e.titre),
					' ', el('span', { class: 'etape__etat' }, '(' + etat + ')')),
				el('p', { class: 'etape__texte' }, e.texte)));
		});
		Portail.marquerBientot(liste);
		zone.hidden = false;
	}

	/* Read the family's requests and show them. */
	function charger() {
		return Portail.api('/api/v1/requests').then(function (r) {
			afficher((r && r.requests) || [], document.body.getAttribute('data-vue') === 'toutes');
		});
	}

	Portail.pret(function (moi) {
		var resumeFamille = document.querySelector('[data-resume-famille]');
		var enfants = (moi.family && moi.family.children) || [];
		var toutes = document.body.getAttribute('data-vue') === 'toutes';
		if (resumeFamille && enfants.length)
			resumeFamille.textContent = enfants.length === 1 ? '1 enfant' : enfants.length + ' enfants';
		if (!toutes)
			premiersPas(moi);

		charger().then(null, function (err) {
			var chargement = document.querySelector('[data-chargement]');
			chargement.textContent = 'Vos demandes n’ont pas pu être chargées. ' + err.message;
			chargement.classList.add('message', 'message--erreur');
			document.querySelector('[data-section-demandes]').removeAttribute('aria-busy');
		}).then(function () {
			document.documentElement.classList.add('demandes-chargees');
		});
	});
})();
