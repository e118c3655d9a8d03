/*
 * tableau-de-bord.js — the dashboard (tableau-de-bord.html): greets the
 * parent (the header fills the name) and sums up the family.
 */
(function () {
	'use strict';

	Portail.pret(function (moi) {
		var resume = document.querySelector('[data-resume-famille]');
		var enfants = (moi.family && moi.family.children) || [];
		if (resume && enfants.length)
			resume.textContent = enfants.length === 1 ? '1 enfant' : enfants.length + ' enfants';
	});
})();
