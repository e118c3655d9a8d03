/*
 * famille.js — Ma famille (famille.html): the children and the guardians of
 * the family, from GET /api/v1/me.
 */
(function () {
	'use strict';

	var el = Portail.el;

	function carteEnfant(enfant) {
		var nom = Portail.nomComplet(enfant);
		var initiale = (enfant.first_name || nom || '?').charAt(0).toUpperCase();
		return el('li', null,
			el('article', { class: 'carte enfant' },
				el('span', { class: 'enfant__initiale', 'aria-hidden': 'true' }, initiale),
				el('div', null,
					el('h3', null, nom),
					el('p', { class: 'carte__detail' }, 'Date de naissance\u00a0: ',
						el('time', { datetime: enfant.birth_date }, Portail.dateLongue(enfant.birth_date))))));
	}

	function carteResponsable(g, moi) {
		var lignes = [el('h3', null, Portail.nomComplet(g) + (moi && g.id === moi.guardian.id ? ' (vous)' : ''))];
		if (g.email)
			lignes.push(el('p', { class: 'carte__detail' }, 'E-mail\u00a0: ', g.email));
		if (g.phone)
			lignes.push(el('p', { class: 'carte__detail' }, 'Téléphone\u00a0: ', g.phone));
		return el('li', null, el('article', { class: 'carte' }, lignes[0], lignes[1] || null, lignes[2] || null));
	}

	Portail.pret(function (moi) {
		var famille = moi.family || {};
		var enfants = famille.children || [];
		var responsables = famille.guardians || [moi.guardian];
		var section = document.querySelector('[data-section-enfants]');
		var liste = document.querySelector('[data-enfants]');
		var phrase = document.querySelector('[data-nom-famille-phrase]');

		if (phrase && famille.name)
			phrase.textContent = 'Famille ' + famille.name +
				'\u00a0: les enfants et les responsables légaux de votre foyer connus du service.';

		Portail.vider(liste);
		enfants.forEach(function (e) { liste.appendChild(carteEnfant(e)); });
		liste.hidden = enfants.length === 0;
		document.querySelector('[data-aucun-enfant]').hidden = enfants.length !== 0;
		document.querySelector('[data-chargement]').hidden = true;
		section.removeAttribute('aria-busy');

		var listeR = Portail.vider(document.querySelector('[data-responsables]'));
		responsables.forEach(function (g) { listeR.appendChild(carteResponsable(g, moi)); });
	});
})();
