/*
 * coordonnees.js — Mes coordonnées (coordonnees.html): the parent's contact
 * details, read-only for now, from GET /api/v1/me.
 */
(function () {
	'use strict';

	function remplir(dd, valeur) {
		Portail.vider(dd);
		if (Array.isArray(valeur))
			valeur = valeur.filter(Boolean);
		if (Array.isArray(valeur) && valeur.length) {
			valeur.forEach(function (ligne, i) {
				if (i > 0)
					dd.appendChild(document.createElement('br'));
				dd.appendChild(document.createTextNode(ligne));
			});
		} else if (valeur && !Array.isArray(valeur))
			dd.textContent = valeur;
		else
			dd.appendChild(Portail.el('span', { class: 'non-renseigne' }, 'Non renseigné'));
	}

	Portail.pret(function (moi) {
		var g = moi.guardian || {};
		var ville = [g.postcode, g.city].filter(Boolean).join(' ');
		var valeurs = {
			last_name: g.last_name,
			first_name: g.first_name,
			email: g.email,
			phone: g.phone,
			adresse: [g.address, ville]
		};
		Array.prototype.forEach.call(document.querySelectorAll('[data-valeur]'), function (dd) {
			remplir(dd, valeurs[dd.getAttribute('data-valeur')]);
		});
		document.querySelector('[data-fiche]').removeAttribute('aria-busy');
	});
})();
