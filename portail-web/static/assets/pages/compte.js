/*
 * compte.js — Mon compte (compte.html): the section "Mes réservations dans
 * mon agenda", the family's calendar feed. GET /api/v1/calendar-feed says
 * whether a link is active and since when; "Créer" (POST) gives the link,
 * shown once, to copy; creating another one, or "Désactiver" (DELETE),
 * stops the old one at once, after the parent confirms.
 */
(function () {
	'use strict';

	var API = '/api/v1/calendar-feed';

	function q(nom) {
		return document.querySelector('[data-agenda-' + nom + ']');
	}

	function message(texte, genre) {
		var zone = q('message');
		Portail.montrerMessage(zone, texte, genre);
		zone.focus();
	}

	/* The state of the feed: what the section says and which buttons it offers. */
	function afficher(flux) {
		var etat = q('etat');
		Portail.vider(etat);
		if (flux.active) {
			etat.appendChild(document.createTextNode('Un lien d’agenda est actif depuis le '));
			etat.appendChild(Portail.el('time', { datetime: flux.created_at }, Portail.dateHeure(flux.created_at)));
			etat.appendChild(document.createTextNode('.'));
		} else {
			etat.textContent = 'Vous n’avez pas de lien d’agenda actif.';
		}
		etat.removeAttribute('aria-busy');
		q('creer').textContent = flux.active ? 'Créer un nouveau lien' : 'Créer mon lien d’agenda';
		q('creer').hidden = false;
		q('revoquer').hidden = !flux.active;
		if (!flux.url) {
			q('lien').hidden = true;
			q('copier').hidden = true;
			q('url').value = '';
		}
	}

	function echec(e) {
		message(e.message || 'Une erreur inattendue est survenue. Réessayez dans quelques instants.', 'erreur');
	}

	function creer() {
		var remplace = !q('revoquer').hidden;
		if (remplace && !window.confirm('Votre lien actuel cessera de fonctionner dans les agendas qui l’utilisent. Créer un nouveau lien ?'))
			return;
		Portail.api(API, { method: 'POST' }).then(function (flux) {
			afficher(flux);
			q('url').value = flux.url;
			q('lien').hidden = false;
			q('copier').hidden = false;
			message(remplace ? 'Votre nouveau lien est prêt ; l’ancien ne fonctionne plus. Copiez-le maintenant : il ne sera plus affiché.' :
				'Votre lien est prêt. Copiez-le maintenant : il ne sera plus affiché.', 'succes');
		}).catch(echec);
	}

	function copier() {
		var champ = q('url');
		var fait = function () { message('Le lien est copié. Collez-le dans votre agenda.', 'succes'); };
		var aLaMain = function () {
			champ.focus();
			champ.select();
			var ok = false;
			try {
				ok = document.execCommand('copy');
			} catch (e) { /* not allowed here */ }
			if (ok)
				fait();
			else
				message('La copie automatique n’est pas possible sur cet appareil : le lien est sélectionné, copiez-le vous-même.', 'info');
		};
		if (navigator.clipboard && navigator.clipboard.writeText)
			navigator.clipboard.writeText(champ.value).then(fait, aLaMain);
		else
			aLaMain();
	}

	function revoquer() {
		if (!window.confirm('Désactiver votre lien d’agenda ? Les agendas abonnés ne recevront plus vos réservations.'))
			return;
		Portail.api(API, { method: 'DELETE' }).then(function () {
			afficher({ active: false });
			message('Votre lien d’agenda est désactivé : il ne donne plus accès à vos réservations.', 'succes');
		}).catch(echec);
	}

	Portail.pret(function () {
		q('creer').addEventListener('click', creer);
		q('copier').addEventListener('click', copier);
		q('revoquer').addEventListener('click', revoquer);
		return Portail.api(API).then(afficher).catch(function (e) {
			q('etat').removeAttribute('aria-busy');
			q('etat').textContent = '';
			echec(e);
		});
	});
})();
