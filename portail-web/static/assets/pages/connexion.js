/*
 * connexion.js — the login form (connexion.html): email and password (or the
 * one-time code given by the service), POST /api/v1/session, then the
 * dashboard, or the choice of a password after a one-time code.
 */
(function () {
	'use strict';

	var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-connexion]');
		if (!form)
			return;

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				var email = v.email.trim();
				if (!email)
					erreurs.push({ field: 'email', message: 'Saisissez votre adresse e-mail.' });
				else if (!EMAIL.test(email))
					erreurs.push({ field: 'email', message: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' });
				if (!v.password)
					erreurs.push({ field: 'password', message: 'Saisissez votre mot de passe ou votre code provisoire.' });
				return erreurs;
			},
			envoyer: function (v) {
				return Portail.api('/api/v1/session', {
					method: 'POST',
					body: { email: v.email.trim(), password: v.password },
					redirection: false
				}).then(function (reponse) {
					Portail.ouvrirSession(reponse);
					return Portail.aller(reponse && reponse.must_change_password ?
						Portail.pages.motDePasse : Portail.pages.accueil, false);
				}, function (err) {
					/* Wrong credentials name no field: the message goes to the
					 * form's alert region; the password is typed again. */
					if (err.status === 401 || err.status === 429) {
						err.field = null;
						form.elements.password.value = '';
					}
					throw err;
				});
			}
		});
	});
})();
