/*
 * nouveau-mot-de-passe.js — the forced choice of a password after a login
 * with a one-time code (nouveau-mot-de-passe.html): PUT /api/v1/me/password,
 * then the dashboard.
 */
(function () {
	'use strict';

	var MIN = 12;
	var MAX = 128;

	/* Characters as the service counts them (code points, not UTF-16 units). */
	function longueur(texte) {
		return Array.from(texte).length;
	}

	function pluriel(n, mot) {
		return n + ' ' + mot + (n > 1 ? 's' : '');
	}

	Portail.pret(function (moi) {
		var form = document.querySelector('[data-formulaire-mot-de-passe]');
		if (!form)
			return;
		var champ = form.elements.new_password;
		var compteur = form.querySelector('[data-compteur]');
		var identifiant = form.querySelector('[data-identifiant]');
		/* For password managers: the account the new password belongs to. */
		if (identifiant && moi && moi.guardian)
			identifiant.value = moi.guardian.email || '';

		var majCompteur = function () {
			var n = longueur(champ.value);
			if (n === 0)
				compteur.textContent = MIN + ' caractères minimum.';
			else if (n < MIN)
				compteur.textContent = pluriel(n, 'caractère') + ' saisi' + (n > 1 ? 's' : '') +
					'\u00a0: encore ' + pluriel(MIN - n, 'caractère') + ' au moins.';
			else if (n > MAX)
				compteur.textContent = n + ' caractères saisis\u00a0: c’est ' + (n - MAX) + ' de trop.';
			else
				compteur.textContent = n + ' caractères saisis\u00a0: la longueur convient.';
		};
		champ.addEventListener('input', majCompteur);

		Portail.formulaire(form, {
			verifier: function (v) {
				var erreurs = [];
				var n = longueur(v.new_password);
				if (n === 0)
					erreurs.push({ field: 'new_password', message: 'Saisissez un mot de passe.' });
				else if (n < MIN)
					erreurs.push({ field: 'new_password', message: 'Votre mot de passe doit contenir au moins 12 caractères.' });
				else if (n > MAX)
					erreurs.push({ field: 'new_password', message: 'Votre mot de passe doit contenir au plus 128 caractères.' });
				if (!v.confirmation)
					erreurs.push({ field: 'confirmation', message: 'Saisissez une seconde fois votre mot de passe.' });
				else if (n > 0 && v.confirmation !== v.new_password)
					erreurs.push({ field: 'confirmation', message: 'Les deux mots de passe ne sont pas identiques.' });
				return erreurs;
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
