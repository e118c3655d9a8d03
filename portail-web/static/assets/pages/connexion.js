/*
 * connexion.js — the login form (connexion.html): email and password (or the
 * one-time code given by the service), POST /api/v1/session, then the
 * dashboard, or the choice of a password after a one-time code. An account
 * whose sign-up still waits for the service gets the service's message.
 */
(function () {
	'use strict';

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-connexion]');
		if (!form)
			return;

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				var email = Portail.verifierEmail(v.email, 'email');
				if (email)
					erreurs.push(email);
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
					/* Wrong credentials, an account waiting for validation, too
					 * many tries: no field is at fault, the message goes to the
					 * form's alert region. */
					if (err.status === 401 || err.status === 403 || err.status === 429)
						err.field = null;
					if (err.status === 401 || err.status === 429)
						form.elements.password.value = '';
					throw err;
				});
			}
		});
	});
})();
