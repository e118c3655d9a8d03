/*
 * mot-de-passe-oublie.js — "Mot de passe oublié" (mot-de-passe-oublie.html):
 * POST /api/v1/password/forgot with an email; the answer, and so the page,
 * is the same whether or not the address has an account.
 */
(function () {
	'use strict';

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-oubli]');
		if (!form)
			return;

		Portail.formulaire(form, {
			verifier: function (v) {
				var e = Portail.verifierEmail(v.email, 'email');
				return e ? [e] : [];
			},
			envoyer: function (v) {
				var email = v.email.trim();
				return Portail.api('/api/v1/password/forgot', {
					method: 'POST',
					body: { email: email }
				}).then(function () {
					var message = document.querySelector('[data-message-envoye]');
					message.textContent = 'Si un compte correspond à l’adresse ' + email +
						', un e-mail vient de lui être envoyé.';
					document.querySelector('[data-etape-formulaire]').hidden = true;
					document.querySelector('[data-etape-envoye]').hidden = false;
					message.focus();
				}, function (err) {
					if (err.status === 429)
						err.field = null;
					throw err;
				});
			}
		});
	});
})();
