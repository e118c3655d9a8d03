/*
 * confirmer.js — the confirmation link of a sign-up (confirmer.html?jeton=).
 * Opening the link changes nothing: a mail scanner that follows links, even
 * one that runs scripts, must not confirm an address. The page asks the
 * parent to press "Confirmer mon adresse e-mail"; only then does it POST
 * /api/v1/signup/confirm with the token, and say the account waits for the
 * service's validation, or why the link failed.
 */
(function () {
	'use strict';

	/* Show one of the final states (confirme, echec); after the click, move
	 * the focus to it. */
	function montrer(form, etat, message, focaliser) {
		var bloc = document.querySelector('[data-etat-' + etat + ']');
		document.querySelector('[data-etat-en-cours]').hidden = true;
		form.hidden = true;
		if (message)
			document.querySelector('[data-message-echec]').textContent = message;
		bloc.hidden = false;
		if (focaliser)
			bloc.querySelector('[data-titre-etat]').focus();
	}

	/* The token is spent (or useless): keep it out of the history. */
	function oublierJeton() {
		if (window.history && window.history.replaceState)
			window.history.replaceState(null, '', window.location.pathname);
	}

	Portail.pret(function () {
		var form = document.querySelector('[data-formulaire-confirmation]');
		var jeton = Portail.parametre('jeton');
		if (!jeton) {
			montrer(form, 'echec', 'Ce lien est incomplet. Ouvrez-le directement depuis l’e-mail reçu, ou copiez-en l’adresse en entier.');
			return;
		}
		document.querySelector('[data-etat-en-cours]').hidden = true;
		form.hidden = false;

		Portail.formulaire(form, {
			envoyer: function () {
				return Portail.api('/api/v1/signup/confirm', {
					method: 'POST',
					body: { token: jeton },
					redirection: false
				}).then(function () {
					oublierJeton();
					montrer(form, 'confirme', null, true);
				}, function (err) {
					if (err.status === 410 || err.code === 'invalid_link') {
						oublierJeton();
						montrer(form, 'echec', err.message, true);
						return;
					}
					/* Anything else (network, service unavailable): the button stays. */
					throw err;
				});
			}
		});
	});
})();
