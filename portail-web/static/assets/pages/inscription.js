/*
 * inscription.js — first sign-up of a family the service does not know yet
 * (inscription.html): POST /api/v1/signup, then the page says a
 * confirmation email was sent. The answer is the same whether or not the
 * address already has an account; the email tells its owner which.
 */
(function () {
	'use strict';

	var CHAMPS = ['email', 'password', 'first_name', 'last_name', 'phone', 'address', 'postcode', 'city'];

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-inscription]');
		if (!form)
			return;
		Portail.compteurMotDePasse(form.elements.password, form.querySelector('[data-compteur]'));

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				if (!v.last_name.trim())
					erreurs.push({ field: 'last_name', message: 'Saisissez votre nom.' });
				if (!v.first_name.trim())
					erreurs.push({ field: 'first_name', message: 'Saisissez votre prénom.' });
				var email = Portail.verifierEmail(v.email, 'email');
				if (email)
					erreurs.push(email);
				erreurs = Portail.verifierChamps(form, v, erreurs);
				return erreurs.concat(Portail.verifierMotDePasse(v, 'password', 'confirmation'));
			},
			envoyer: function (v) {
				var corps = {};
				CHAMPS.forEach(function (c) {
					corps[c] = c === 'password' ? v[c] : v[c].trim();
				});
				return Portail.api('/api/v1/signup', { method: 'POST', body: corps }).then(function () {
					var message = document.querySelector('[data-message-envoye]');
					message.textContent = 'Un e-mail de confirmation vous a été envoyé à l’adresse ' +
						corps.email + '.';
					form.reset();
					document.querySelector('[data-etape-formulaire]').hidden = true;
					document.querySelector('[data-etape-envoye]').hidden = false;
					document.title = 'Inscription envoyée — Portail Famille';
					message.focus();
				});
			}
		});
	});
})();
