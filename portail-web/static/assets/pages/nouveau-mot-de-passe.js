/*
 * nouveau-mot-de-passe.js — the forced choice of a password after a login
 * with a one-time code (nouveau-mot-de-passe.html): PUT /api/v1/me/password,
 * then the dashboard.
 */
(function () {
	'use strict';

	Portail.pret(function (moi) {
		var form = document.querySelector('[data-formulaire-mot-de-passe]');
		if (!form)
			return;
		var identifiant = form.querySelector('[data-identifiant]');
		/* For password managers: the account the new password belongs to. */
		if (identifiant && moi && moi.guardian)
			identifiant.value = moi.guardian.email || '';
		Portail.compteurMotDePasse(form.elements.new_password, form.querySelector('[data-compteur]'));

		Portail.formulaire(form, {
			verifier: function (v) {
				return Portail.verifierMotDePasse(v, 'new_password', 'confirmation');
			},
			envoyer: function (v) {
				return Portail.api('/api/v1/me/password', {
					method: 'PUT',
					body: { new_password: v.new_password }
				}).then(function () {
					Portail.annoncer('Votre mot de passe est enregistré. Utilisez-le lors de vos prochaines connexions.', 'succes');
					return Portail.aller(Portail.pages.accueil, true);
				});
			}
		});
	});
})();
