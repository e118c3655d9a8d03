/*
 * confirmer.js — the confirmation link of a sign-up (confirmer.html?jeton=):
 * POST /api/v1/signup/confirm with the token, then the page says the
 * account waits for the service's validation, or why the link failed.
 */
(function () {
	'use strict';

	function montrer(etat, message) {
		document.querySelector('[data-etat-en-cours]').hidden = true;
		document.querySelector('[data-etat-' + etat + ']').hidden = false;
		if (message)
			document.querySelector('[data-message-echec]').textContent = message;
	}

	Portail.pret(function () {
		var jeton = Portail.parametre('jeton');
		/* The token is spent either way: keep it out of the history. */
		if (window.history && window.history.replaceState)
			window.history.replaceState(null, '', window.location.pathname);
		if (!jeton) {
			montrer('echec', 'Ce lien est incomplet. Ouvrez-le directement depuis l’e-mail reçu, ou copiez-en l’adresse en entier.');
			return;
		}
		var zone = document.querySelector('[data-confirmation]');
		zone.setAttribute('aria-busy', 'true');
		Portail.api('/api/v1/signup/confirm', { method: 'POST', body: { token: jeton } })
			.then(function () {
				montrer('confirme');
			}, function (err) {
				montrer('echec', err.message);
			}).then(function () {
				zone.removeAttribute('aria-busy');
				document.documentElement.classList.add('confirmation-terminee');
			});
	});
})();
