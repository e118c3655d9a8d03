/*
 * enfant.js — the form of a child (enfant.html to add one, enfant.html?id=N
 * to edit one of the family's children): the fields' rules and the lists
 * (sex, school levels) from the vocabulary (portail.js, data-objet="child"),
 * the child from GET /api/v1/children/N, then
 * POST /api/v1/children or PUT /api/v1/children/N. The answer is a request
 * of the validation queue: the page says whether it waits for the service.
 * Below the form of a child of the family, its enrolments in progress and
 * waiting with their markers (GET /api/v1/children/N/enrolments, drawn by
 * assets/inscriptions.js) and the link that enrols it.
 */
(function () {
	'use strict';

	var CHAMPS = ['first_name', 'last_name', 'birth_date', 'sex', 'school', 'school_level',
		'allergies', 'diet', 'doctor', 'authorized_pickup'];

	function remplir(form, enfant) {
		CHAMPS.forEach(function (c) {
			var champ = form.elements.namedItem(c);
			if (!champ)
				return;
			var v = enfant[c] === null || enfant[c] === undefined ? '' : String(enfant[c]);
			if (champ.tagName === 'SELECT' && v && !champ.querySelector('option[value="' + v.replace(/"/g, '') + '"]'))
				champ.appendChild(Portail.el('option', { value: v }, Portail.valeurLisible(c, v)));
			champ.value = v;
		});
		Portail.majCompteurs(form);
	}

	function verifier(form, v) {
		var erreurs = [];
		if (!v.first_name.trim())
			erreurs.push({ field: 'first_name', message: 'Saisissez le prénom de l’enfant.' });
		if (!v.last_name.trim())
			erreurs.push({ field: 'last_name', message: 'Saisissez le nom de l’enfant.' });
		if (!v.birth_date)
			erreurs.push({ field: 'birth_date', message: 'Saisissez la date de naissance de l’enfant (jour, mois et année).' });
		return Portail.verifierChamps(form, v, erreurs);
	}

	/* The child's enrolments in progress and waiting, below the form. */
	function afficherInscriptions(enfant, inscriptions) {
		var zone = document.querySelector('[data-inscriptions-enfant]');
		var prenom = enfant.first_name || Portail.nomComplet(enfant);
		var classees = Portail.inscriptions.classer(inscriptions);
		var actives = classees.enCours.concat(classees.enAttente);
		var liste = Portail.vider(zone.querySelector('[data-liste-inscriptions]'));
		if (actives.length) {
			var ul = Portail.el('ul', { class: 'inscriptions-enfant__liste' });
			actives.forEach(function (e) { ul.appendChild(Portail.el('li', null, Portail.inscriptions.ligne(e))); });
			liste.appendChild(ul);
		} else {
			liste.appendChild(Portail.el('p', null, 'Aucune inscription en cours ni en attente.'));
		}
		zone.querySelector('[data-titre-inscriptions]').textContent = 'Les inscriptions de ' + prenom;
		var inscrire = zone.querySelector('[data-lien-inscrire]');
		inscrire.href = '/inscription-enfant.html?enfant=' + enfant.id;
		inscrire.textContent = 'Inscrire ' + prenom + ' à une activité';
		var toutes = zone.querySelector('[data-lien-toutes-inscriptions]');
		toutes.href = '/inscriptions.html#enfant-' + enfant.id;
		toutes.appendChild(Portail.el('span', { class: 'visuellement-cache' }, ' de ' + prenom));
		zone.hidden = false;
	}

	Portail.pret(function (moi) {
		var form = document.querySelector('[data-formulaire-enfant]');
		if (!form)
			return;
		var idTexte = Portail.parametre('id');
		var edition = idTexte !== null;
		var id = /^[1-9]\d{0,17}$/.test(idTexte || '') ? idTexte : null;
		var titre = document.querySelector('[data-titre]');
		var bouton = form.querySelector('[data-bouton-envoi]');

		if (edition) {
			titre.textContent = 'Modifier la fiche d’un enfant';
			document.querySelector('[data-chapo]').textContent =
				'Le service valide chaque modification avant de l’appliquer. En attendant, Ma famille montre les informations actuelles et celles que vous avez demandées.';
			bouton.textContent = 'Envoyer la demande de modification';
		}

		var introuvable = function () {
			form.hidden = true;
			document.querySelector('[data-introuvable]').hidden = false;
			titre.textContent = 'Enfant introuvable';
			document.title = 'Enfant introuvable — Portail Famille';
		};
		if (edition && !id) {
			introuvable();
			return;
		}

		var chargement = edition ? Portail.api('/api/v1/children/' + id) : Promise.resolve(null);
		if (edition)
			Promise.all([chargement, Portail.inscriptions.charger('/api/v1/children/' + id + '/enrolments')])
				.then(function (r) { afficherInscriptions(r[0], r[1]); }, function () { /* the form says why */ });
		chargement.then(function (enfant) {
			if (enfant) {
				var prenom = enfant.first_name || '';
				titre.textContent = 'Modifier la fiche de ' + Portail.nomComplet(enfant);
				document.title = 'Modifier la fiche de ' + prenom + ' — Portail Famille';
				remplir(form, enfant);
				var attente = ((moi && moi.pending) || []).filter(function (d) {
					return d.kind === 'child_edit' && d.status === 'pending' && d.target_id === enfant.id;
				});
				if (attente.length) {
					var detail = Portail.vider(document.querySelector('[data-attente-detail]'));
					attente.forEach(function (d) {
						detail.appendChild(Portail.comparaison(d.changes));
					});
					document.querySelector('[data-attente]').hidden = false;
				}
			}
			form.removeAttribute('aria-busy');
		}, function (err) {
			form.removeAttribute('aria-busy');
			if (err && err.status === 404)
				return introuvable();
			Portail.montrerMessage(form.querySelector('[data-erreur-formulaire]'), err.message, 'erreur');
		});

		Portail.formulaire(form, {
			verifier: function (v) {
				return verifier(form, v);
			},
			envoyer: function (v) {
				var corps = {};
				CHAMPS.forEach(function (c) {
					corps[c] = (v[c] || '').trim();
				});
				var prenom = corps.first_name;
				return chargement.then(function () {
					return Portail.api(edition ? '/api/v1/children/' + id : '/api/v1/children', {
						method: edition ? 'PUT' : 'POST',
						body: corps
					});
				}).then(function (r) {
					var demande = (r && r.request) || {};
					var message;
					if (demande.status === 'pending')
						message = edition ?
							'Votre demande de modification de la fiche de ' + prenom + ' est envoyée au service. Elle sera appliquée après sa validation\u00a0; vous la suivez dans votre tableau de bord.' :
							'Votre demande d’ajout de ' + prenom + ' est envoyée au service. L’enfant apparaîtra dans votre famille après sa validation\u00a0; vous la suivez dans votre tableau de bord.';
					else
						message = edition ? 'La fiche de ' + prenom + ' est mise à jour.' :
							prenom + ' est ajouté(e) à votre famille.';
					Portail.annoncer(message, 'succes');
					return Portail.aller('/famille.html', false);
				}, function (err) {
					if (err && err.status === 404 && edition) {
						err.field = null;
						err.message = 'Cet enfant est introuvable dans votre famille.';
					}
					throw err;
				});
			}
		});
	});
})();
