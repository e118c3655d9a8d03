/*
 * inscriptions.js — Inscriptions et réservations (inscriptions.html): until
 * enrolments open, one section per child (#enfant-N, the target of the
 * links of Ma famille) saying what exists: no enrolment yet, current or
 * pending. A link to #enfant-N moves the focus to that child's section once
 * it is built.
 */
(function () {
	'use strict';

	var el = Portail.el;

	function sectionEnfant(enfant) {
		var id = 'enfant-' + enfant.id;
		var prenom = enfant.first_name || Portail.nomComplet(enfant);
		return el('section', { id: id, class: 'carte inscriptions-enfant', tabindex: '-1', 'aria-labelledby': id + '-nom' },
			el('h3', { id: id + '-nom' }, Portail.nomComplet(enfant)),
			el('dl', { class: 'valeurs valeurs--compactes' },
				el('div', { class: 'valeurs__ligne' },
					el('dt', null, 'Inscriptions en cours'),
					el('dd', null, 'Aucune pour le moment.')),
				el('div', { class: 'valeurs__ligne' },
					el('dt', null, 'Inscriptions en attente'),
					el('dd', null, 'Aucune pour le moment.')),
				el('div', { class: 'valeurs__ligne' },
					el('dt', null, 'Nouvelle inscription'),
					el('dd', null, 'Vous pourrez inscrire ' + prenom + ' en ligne dès l’ouverture de cette rubrique. En attendant, adressez-vous au service enfance-jeunesse.'))));
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
		var liste = Portail.vider(document.querySelector('[data-enfants]'));
		enfants.forEach(function (e) { liste.appendChild(sectionEnfant(e)); });
		document.querySelector('[data-aucun-enfant]').hidden = enfants.length !== 0;
		document.querySelector('[data-chargement]').hidden = true;
		document.querySelector('[data-section-enfants]').removeAttribute('aria-busy');
		allerALaCible();
		window.addEventListener('hashchange', allerALaCible);
	});
})();
