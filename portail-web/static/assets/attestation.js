/*
 * attestation.js — the certificate of enrolment (attestation d'inscription)
 * on each validated enrolment's card (Portail.inscriptions.ajouterAction):
 *   - "Télécharger l'attestation" (a link to its PDF) once one is issued;
 *   - "Attestation demandée, en attente de validation par le service" while
 *     the request waits;
 *   - otherwise a button "Demander une attestation" that asks for one
 *     (POST /api/v1/enrolments/{id}/certificates): the link follows at once
 *     when the service issues it at once, the waiting line otherwise.
 * The family's certificates and pending requests come once per page from
 * GET /api/v1/certificates. Load after inscriptions.js, before the page's
 * script draws the cards.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var liste = null;

	function charger() {
		if (!liste)
			liste = Portail.api('/api/v1/certificates').then(function (r) {
				return { certificats: (r && r.certificates) || [], attente: (r && r.pending) || [] };
			});
		return liste;
	}

	function lien(c) {
		return el('a', { class: 'bouton bouton--secondaire', href: c.pdf_url, download: '',
			'data-attestation': c.reference },
			'Télécharger l’attestation',
			el('span', { class: 'visuellement-cache' }, ' (PDF, référence ' + c.reference + ')'));
	}

	function enAttente() {
		return el('p', { class: 'statut statut--attente', 'data-attestation-attente': '' },
			'Attestation demandée, en attente de validation par le service.');
	}

	function remplir(zone, contenu) {
		while (zone.firstChild)
			zone.removeChild(zone.firstChild);
		zone.appendChild(contenu);
	}

	function bouton(e, zone) {
		var b = el('button', { type: 'button', class: 'bouton bouton--secondaire' },
			'Demander une attestation');
		var message = el('p', { role: 'alert', class: 'message message--erreur', hidden: true });
		b.addEventListener('click', function () {
			b.disabled = true;
			message.hidden = true;
			Portail.api('/api/v1/enrolments/' + e.id + '/certificates', { method: 'POST' })
				.then(function (r) {
					var fait = r && r.certificate ? lien(r.certificate) : enAttente();
					remplir(zone, fait);
					if (fait.focus)
						fait.focus();
				}, function (err) {
					b.disabled = false;
					Portail.montrerMessage(message, (err && err.message) ||
						'La demande n’a pas pu être envoyée. Réessayez.', 'erreur');
				});
		});
		return el('div', null, b, message);
	}

	Portail.inscriptions.ajouterAction(function (e, zone) {
		if (e.status !== 'validated')
			return;
		var place = el('div', { class: 'attestation', 'data-attestation-inscription': e.id });
		zone.appendChild(place);
		charger().then(function (l) {
			var c = l.certificats.filter(function (x) { return x.enrolment_id === e.id; })[0];
			var attend = l.attente.some(function (r) { return r.target_id === e.id; });
			remplir(place, c ? lien(c) : attend ? enAttente() : bouton(e, place));
		}, function () {
			remplir(place, bouton(e, place));
		});
	});
})();
