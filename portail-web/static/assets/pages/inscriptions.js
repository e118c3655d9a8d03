/*
 * inscriptions.js — the rubrique Inscriptions et réservations
 * (inscriptions.html): one section per child of the family (#enfant-N, the
 * target of the links of Ma famille and of the cascade's confirmation)
 * with the link that enrols that child, then the child's enrolments from
 * GET /api/v1/enrolments, drawn by Portail.inscriptions (assets/
 * inscriptions.js): in progress (validated), waiting (pending or on a
 * waiting list), then those that did not go through (refused, cancelled,
 * withdrawn) with their reason. A link to #enfant-N moves the focus to
 * that child's section once it is built.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var I = Portail.inscriptions;

	var GROUPES = [
		{ cle: 'enCours', titre: 'Inscriptions en cours', vide: 'Aucune inscription validée pour le moment.' },
		{ cle: 'enAttente', titre: 'Inscriptions en attente', vide: 'Aucune inscription en attente.' },
		{ cle: 'closes', titre: 'Demandes refusées, annulées ou retirées', vide: null }
	];

	function groupe(idEnfant, g, liste) {
		if (!liste.length && !g.vide)
			return null;
		var id = 'enfant-' + idEnfant + '-' + g.cle;
		var bloc = el('section', { class: 'inscriptions-groupe', 'aria-labelledby': id },
			el('h3', { id: id }, g.titre + (liste.length ? ' (' + liste.length + ')' : '')));
		if (!liste.length) {
			bloc.appendChild(el('p', { class: 'inscriptions-groupe__vide' }, g.vide));
			return bloc;
		}
		var ul = el('ul', { class: 'liste-cartes liste-cartes--larges' });
		liste.forEach(function (e) { ul.appendChild(el('li', null, I.carte(e, 4))); });
		bloc.appendChild(ul);
		return bloc;
	}

	function sectionEnfant(enfant, inscriptions) {
		var id = 'enfant-' + enfant.id;
		var prenom = enfant.first_name || Portail.nomComplet(enfant);
		var classees = I.classer(inscriptions);
		var section = el('section', { id: id, class: 'carte inscriptions-enfant', tabindex: '-1', 'aria-labelledby': id + '-nom' },
			el('div', { class: 'titre-section inscriptions-enfant__tete' },
				el('h2', { id: id + '-nom' }, Portail.nomComplet(enfant)),
				el('a', { class: 'bouton bouton--secondaire', href: '/inscription-enfant.html?enfant=' + enfant.id },
					'Inscrire ' + prenom + ' à une activité')));
		GROUPES.forEach(function (g) {
			var bloc = groupe(enfant.id, g, classees[g.cle]);
			if (bloc)
				section.appendChild(bloc);
		});
		return section;
	}

	function allerALaCible() {
		var m = /^#(enfant-\d+)$/.exec(window.location.hash || '');
		var cible = m && document.getElementById(m[1]);
		if (!cible)
			return;
		cible.scrollIntoView({ block: 'start' });
		cible.focus({ preventScroll: true });
	}

	Portail.pret(function (moi) {
		var enfants = (moi.family && moi.family.children) || [];
		var section = document.querySelector('[data-section-enfants]');
		var chargement = document.querySelector('[data-chargement]');
		var fin = function () {
			section.removeAttribute('aria-busy');
			document.documentElement.classList.add('inscriptions-chargees');
		};
		if (!enfants.length) {
			document.querySelector('[data-aucun-enfant]').hidden = false;
			chargement.hidden = true;
			fin();
			return;
		}
		I.charger('/api/v1/enrolments').then(function (toutes) {
			var liste = Portail.vider(document.querySelector('[data-enfants]'));
			enfants.forEach(function (enfant) {
				liste.appendChild(sectionEnfant(enfant, toutes.filter(function (e) {
					return e.child_id === enfant.id;
				})));
			});
			chargement.hidden = true;
			fin();
			allerALaCible();
			window.addEventListener('hashchange', allerALaCible);
		}, function (err) {
			chargement.textContent = 'Les inscriptions n’ont pas pu être chargées. ' + err.message;
			chargement.classList.add('message', 'message--erreur');
			fin();
		});
	});
})();
