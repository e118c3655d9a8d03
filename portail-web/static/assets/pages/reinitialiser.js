/*
 * reinitialiser.js — the link of a "Mot de passe oublié" email
 * (reinitialiser.html?jeton=): choose a new password, POST
 * /api/v1/password/reset, then the login page. A used, expired or unknown
 * link is said so, with the way to ask for a new one.
 */
(function () {
	'use strict';

	function lienInvalide(form, message) {
		var zone = document.querySelector('[data-lien-invalide]');
		var texte = document.querySelector('[data-message-lien]');
		form.hidden = true;
		texte.textContent = message;
		zone.hidden = false;
		texte.focus();
	}

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-reinitialisation]');
		if (!form)
			return;
		var jeton = Portail.parametre('jeton');
		if (!jeton) {
			lienInvalide(form, 'Ce lien est incomplet. Ouvrez-le directement depuis l’e-mail reçu, ou copiez-en l’adresse en entier.');
			return;
		}
		form.hidden = false;
		Portail.compteurMotDePasse(form.elements.new_password, form.querySelector('[data-compteur]'));

		Portail.formulaire(form, {
			verifier: function (v) {
				return Portail.verifierMotDePasse(v, 'new_password', 'confirmation');
			},
			envoyer: function (v) {
				return Portail.api('/api/v1/password/reset', {
					method: 'POST',
					body: { token: jeton, new_password: v.new_password },
					redirection: false
				}).then(function () {
					Portail.annoncer('Votre nouveau mot de passe est enregistré. Connectez-vous avec lui.', 'succes');
					return Portail.aller(Portail.pages.connexion, true);
				}, function (err) {
					if (err.status === 410 || err.code === 'invalid_link') {
						lienInvalide(form, err.message);
						return;
					}
					throw err;
				});
			}
		});
	});
})();
