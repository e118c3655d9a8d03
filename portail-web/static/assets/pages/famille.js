/*
 * famille.js — Ma famille (famille.html): the children with their details,
 * each with its pending change next to the current values and its links to
 * enrolments; the children whose addition waits for the service; the
 * guardians with their relationship to the children and contact details
 * (the parent's own marked "vous", with the link to Mes coordonnées; the
 * other's with a link to ask to change them), those whose addition waits,
 * and the link to ask to add one. Everything comes from GET /api/v1/me (its
 * "pending" list holds the family's requests still waiting) but the
 * children's enrolments in progress and waiting, with their markers (GET
 * /api/v1/enrolments, drawn by assets/inscriptions.js): the page shows the
 * children once both are read, so that nothing moves after.
 */
(function () {
	'use strict';

	var el = Portail.el;
	var DETAILS_ENFANT = ['sex', 'school', 'school_level', 'allergies', 'diet', 'doctor', 'authorized_pickup'];

	function cache(texte) {
		return el('span', { class: 'visuellement-cache' }, texte);
	}

	function vide(v) {
		return v === null || v === undefined || String(v).trim() === '';
	}

	/* The details of a child: one line per field given, then one line naming
	 * the fields not given (seven "Non renseigné" lines say less, longer). */
	function details(objet, champs) {
		var donnes = champs.filter(function (c) { return !vide(objet[c]); });
		var manquants = champs.filter(function (c) { return vide(objet[c]); });
		var dl = Portail.listeValeurs(objet, donnes, 'valeurs valeurs--compactes');
		if (manquants.length) {
			var noms = manquants.map(function (c, i) {
				var l = Portail.libellesChamps[c] || c;
				return i === 0 ? l : l.charAt(0).toLowerCase() + l.slice(1);
			});
			dl.appendChild(el('div', { class: 'valeurs__ligne valeurs__ligne--manquants' },
				el('dt', null, 'Non renseigné'),
				el('dd', null, noms.join(', ') + '.')));
		}
		return dl;
	}

	/* The box of a pending change of a child: what changes, current and asked. */
	function encartAttente(enfant, demandes) {
		var boite = el('div', { class: 'encart encart--attente' });
		demandes.forEach(function (d) {
			boite.appendChild(el('p', { class: 'encart__titre' },
				el('span', { class: 'statut statut--attente' }, 'Modification en attente de validation')));
			boite.appendChild(el('p', { class: 'encart__date' }, 'Demandée le ' + Portail.dateHeure(d.created_at) + '.'));
			var dl = Portail.comparaison(d.changes);
			if (dl.childNodes.length)
				boite.appendChild(dl);
			else
				boite.appendChild(el('p', null, 'Aucun changement par rapport aux informations actuelles.'));
		});
		return boite;
	}

	/* The child's enrolments in progress and waiting, one line each
	 * (@inscriptions null: they could not be read). */
	function inscriptionsEnfant(inscriptions, prenom) {
		if (!inscriptions)
			return el('p', { class: 'carte__detail' }, 'Les inscriptions de ' + prenom + ' n’ont pas pu être chargées.');
		var classees = Portail.inscriptions.classer(inscriptions);
		var actives = classees.enCours.concat(classees.enAttente);
		if (!actives.length)
			return el('p', { class: 'carte__detail' }, 'Aucune inscription en cours ni en attente.');
		var ul = el('ul', { class: 'inscriptions-enfant__liste' });
		actives.forEach(function (e) { ul.appendChild(el('li', null, Portail.inscriptions.ligne(e))); });
		return ul;
	}

	function carteEnfant(enfant, demandes, inscriptions) {
		var nom = Portail.nomComplet(enfant);
		var prenom = enfant.first_name || nom;
		var initiale = (enfant.first_name || nom || '?').charAt(0).toUpperCase();
		var idTitre = 'enfant-' + enfant.id + '-nom';

		return el('li', null,
			el('article', { class: 'carte enfant', 'aria-labelledby': idTitre },
				el('div', { class: 'enfant__tete' },
					el('span', { class: 'enfant__initiale', 'aria-hidden': 'true' }, initiale),
					el('div', null,
						el('h3', { id: idTitre }, nom),
						el('p', { class: 'carte__detail' }, 'Date de naissance\u00a0: ',
							el('time', { datetime: enfant.birth_date }, Portail.dateLongue(enfant.birth_date))))),
				demandes.length ? encartAttente(enfant, demandes) : null,
				details(enfant, DETAILS_ENFANT),
				el('p', { class: 'enfant__modifier' },
					el('a', { href: '/enfant.html?id=' + enfant.id }, 'Modifier la fiche', cache(' de ' + prenom))),
				el('div', { class: 'enfant__inscriptions' },
					el('h4', { class: 'enfant__sous-titre' }, 'Inscriptions'),
					inscriptionsEnfant(inscriptions, prenom),
					el('ul', { class: 'liens-enfant' },
						el('li', null, el('a', { href: '/inscription-enfant.html?enfant=' + enfant.id },
							'Inscrire ' + prenom + ' à une activité')),
						el('li', null, el('a', { href: '/inscriptions.html#enfant-' + enfant.id },
							'Toutes les inscriptions', cache(' de ' + prenom)))))));
	}

	/* A child whose addition waits for the service: the values asked. */
	function carteAjout(demande) {
		var v = demande.after || {};
		var idTitre = 'ajout-' + demande.id + '-nom';
		return el('li', null,
			el('article', { class: 'carte enfant enfant--attente', 'aria-labelledby': idTitre },
				el('div', { class: 'enfant__tete' },
					el('span', { class: 'enfant__initiale', 'aria-hidden': 'true' }, (v.first_name || '?').charAt(0).toUpperCase()),
					el('div', null,
						el('h3', { id: idTitre }, Portail.nomComplet(v)),
						el('p', { class: 'carte__detail' },
							el('span', { class: 'statut statut--attente' }, 'Ajout en attente de validation')),
						el('p', { class: 'carte__detail' }, 'Demandé le ' + Portail.dateHeure(demande.created_at) + '.'))),
				details(v, ['birth_date'].concat(DETAILS_ENFANT))));
	}

	function carteResponsable(g, moi) {
		var soi = g.you || (moi.guardian && g.id === moi.guardian.id);
		var ville = [g.postcode, g.city].filter(Boolean).join(' ');
		var adresse = [g.address, ville].filter(Boolean).join(', ');
		var lignes = [];
		var ajouter = function (libelle, valeur) {
			if (valeur)
				lignes.push(el('p', { class: 'carte__detail' }, libelle + '\u00a0: ', valeur));
		};
		ajouter(Portail.libellesChamps.relationship || 'Lien avec les enfants',
			g.relationship ? Portail.valeurLisible('relationship', g.relationship) : '');
		ajouter('E-mail', g.email);
		ajouter('Téléphone', Portail.telephoneLisible(g.phone));
		ajouter('Portable', Portail.telephoneLisible(g.mobile_phone));
		ajouter('Téléphone professionnel', Portail.telephoneLisible(g.work_phone));
		ajouter('Adresse', adresse);
		ajouter('Employeur', g.employer);
		var carte = el('article', { class: 'carte' }, el('h3', null, Portail.nomComplet(g) + (soi ? ' (vous)' : '')));
		var attente = (moi.pending || []).some(function (d) {
			return (d.kind === 'contact_change' || d.kind === 'guardian_edit') &&
				d.status === 'pending' && d.target_id === g.id;
		});
		if (attente)
			carte.appendChild(el('p', { class: 'carte__detail' },
				el('span', { class: 'statut statut--attente' }, 'Modification en attente de validation')));
		lignes.forEach(function (l) { carte.appendChild(l); });
		if (soi)
			carte.appendChild(el('p', { class: 'carte__lien' },
				el('a', { href: '/coordonnees.html' }, attente ? 'Voir la modification en attente' : 'Modifier mes coordonnées')));
		else
			carte.appendChild(el('p', { class: 'carte__lien' },
				el('a', { href: '/responsable.html?id=' + g.id }, 'Demander une modification',
					cache(' des informations de ' + Portail.nomComplet(g)))));
		return el('li', null, carte);
	}

	/* A guardian whose addition waits for the service: the values asked. */
	function carteResponsableAttente(demande) {
		var v = demande.after || {};
		return el('li', null,
			el('article', { class: 'carte' },
				el('h3', null, Portail.nomComplet(v)),
				el('p', { class: 'carte__detail' },
					el('span', { class: 'statut statut--attente' }, 'Responsable en attente de validation')),
				el('p', { class: 'carte__detail' }, 'Demandé le ' + Portail.dateHeure(demande.created_at) + '.')));
	}

	Portail.pret(function (moi) {
		var enfants = (moi.family && moi.family.children) || [];
		var lecture = enfants.length ? Portail.inscriptions.charger('/api/v1/enrolments') : Promise.resolve([]);
		lecture.then(function (liste) {
			afficher(moi, liste);
		}, function () {
			afficher(moi, null);
		});
	});

	/* @inscriptions: the family's enrolments, or null when not read. */
	function afficher(moi, inscriptions) {
		var famille = moi.family || {};
		var enfants = famille.children || [];
		var responsables = famille.guardians || [moi.guardian];
		var attente = moi.pending || [];
		var section = document.querySelector('[data-section-enfants]');
		var liste = document.querySelector('[data-enfants]');
		var phrase = document.querySelector('[data-nom-famille-phrase]');

		if (phrase && famille.name)
			phrase.textContent = 'Famille ' + famille.name +
				'\u00a0: les enfants et les responsables légaux de votre foyer connus du service.';

		Portail.vider(liste);
		enfants.forEach(function (e) {
			var demandes = attente.filter(function (d) {
				return d.kind === 'child_edit' && d.status === 'pending' && d.target_id === e.id;
			});
			liste.appendChild(carteEnfant(e, demandes, inscriptions && inscriptions.filter(function (x) {
				return x.child_id === e.id;
			})));
		});
		Portail.marquerBientot(liste);
		liste.hidden = enfants.length === 0;
		document.querySelector('[data-aucun-enfant]').hidden = enfants.length !== 0;
		document.querySelector('[data-chargement]').hidden = true;
		section.removeAttribute('aria-busy');

		var ajouts = attente.filter(function (d) { return d.kind === 'child_add' && d.status === 'pending'; });
		var listeA = Portail.vider(document.querySelector('[data-ajouts]'));
		ajouts.forEach(function (d) { listeA.appendChild(carteAjout(d)); });
		document.querySelector('[data-section-ajouts]').hidden = ajouts.length === 0;

		var listeR = Portail.vider(document.querySelector('[data-responsables]'));
		responsables.forEach(function (g) { listeR.appendChild(carteResponsable(g, moi)); });
		attente.forEach(function (d) {
			if (d.kind === 'guardian_add' && d.status === 'pending')
				listeR.appendChild(carteResponsableAttente(d));
		});
		document.documentElement.classList.add('famille-chargee');
	}
})();
