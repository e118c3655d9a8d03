/*
 * responsable.js — the form of a guardian (responsable.html to ask to add
 * one, e.g. the other parent; responsable.html?id=N to ask to change the
 * details of the family's other guardian N): the fields' rules and the
 * relationships from the vocabulary (portail.js, data-objet="guardian"),
 * the guardian from GET /api/v1/me, then POST /api/v1/guardians or
 * PUT /api/v1/guardians/N. The email is asked only to add (it becomes the
 * new guardian's login); a parent never changes it. One's own details are
 * changed in Mes coordonnées.
 */
(function () {
	'use strict';

	var CHAMPS = ['first_name', 'last_name', 'relationship', 'email', 'phone', 'mobile_phone',
		'work_phone', 'address', 'postcode', 'city', 'employer'];

	Portail.pret(function (moi) {
		var form = document.querySelector('[data-formulaire-responsable]');
		var idTexte = Portail.parametre('id');
		var edition = idTexte !== null;
		var titre = document.querySelector('[data-titre]');
		var responsable = null;

		if (!form)
			return;
		if (edition) {
			(((moi || {}).family || {}).guardians || []).forEach(function (g) {
				if (String(g.id) === idTexte && !g.you)
					responsable = g;
			});
			if (!responsable) {
				form.hidden = true;
				document.querySelector('[data-introuvable]').hidden = false;
				titre.textContent = 'Responsable introuvable';
				document.title = 'Responsable introuvable — Portail Famille';
				return;
			}
			titre.textContent = 'Modifier les informations de ' + Portail.nomComplet(responsable);
			document.title = titre.textContent + ' — Portail Famille';
			document.querySelector('[data-chapo]').textContent =
				'Le service valide chaque modification avant de l’appliquer. Ses notifications et son mot de passe restent les siens.';
			form.querySelector('[data-champ-email]').remove();
			form.querySelector('[data-note-email]').hidden = false;
			form.querySelector('[data-bouton-envoi]').textContent = 'Envoyer la demande de modification';
			CHAMPS.forEach(function (c) {
				var champ = form.elements.namedItem(c);
				if (champ)
					champ.value = responsable[c] === null || responsable[c] === undefined ? '' : String(responsable[c]);
			});
		}

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				if (!v.first_name.trim())
					erreurs.push({ field: 'first_name', message: 'Saisissez le prénom du responsable.' });
				if (!v.last_name.trim())
					erreurs.push({ field: 'last_name', message: 'Saisissez le nom du responsable.' });
				return Portail.verifierChamps(form, v, erreurs);
			},
			envoyer: function (v) {
				var corps = {};
				CHAMPS.forEach(function (c) {
					if (c in v)
						corps[c] = (v[c] || '').trim();
				});
				return Portail.api(edition ? '/api/v1/guardians/' + responsable.id : '/api/v1/guardians', {
					method: edition ? 'PUT' : 'POST',
					body: corps
				}).then(function (r) {
					var attend = ((r && r.request) || {}).status === 'pending';
					var nom = corps.first_name + ' ' + corps.last_name;
					Portail.annoncer(edition ?
						(attend ? 'Votre demande de modification des informations de ' + nom + ' est envoyée au service. Elle sera appliquée après sa validation\u00a0; vous la suivez dans votre tableau de bord.' :
							'Les informations de ' + nom + ' sont mises à jour.') :
						(attend ? 'Votre demande d’ajout de ' + nom + ' comme responsable légal est envoyée au service. Vous la suivez dans votre tableau de bord.' :
							nom + ' est ajouté(e) aux responsables de votre famille.'), 'succes');
					return Portail.aller('/famille.html', false);
				});
			}
		});
	});
})();
