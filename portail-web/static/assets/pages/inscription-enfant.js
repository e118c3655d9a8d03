/*
 * inscription-enfant.js — the enrolment cascade (inscription-enfant.html,
 * ?enfant=N to start with that child): enfant → équipement → type
 * d'activité → activité → période → groupe, then the wanted dates (or, for
 * petite enfance, the wanted start and the days and hours per week), the
 * comment when the activity asks for one, the rules to accept and the
 * documents to provide.
 *
 * The whole tree of one child comes in one read, GET
 * /api/v1/children/N/enrolment-options; each select offers only what the
 * service offers this child, and names below it what it does not offer,
 * with the service's reason. The group the child's age or school level
 * points to (proposed) is chosen in advance. POST
 * /api/v1/children/N/enrolments sends the request; the page then shows the
 * enrolment with its marker (? or !) and where to follow it. Errors of the
 * service show next to their field (period, group, first_day, …).
 */
(function () {
	'use strict';

	var el = Portail.el;
	var I = Portail.inscriptions;

	/* The levels of the cascade: the select's name, where its items are in
	 * the level above, and its words. */
	var NIVEAUX = [
		{ nom: 'facility', cle: 'facilities', choisir: 'Choisissez un équipement',
			aucun: 'Aucun équipement proposé', avant: null, manque: 'Choisissez l’équipement.' },
		{ nom: 'activity_type', cle: 'activity_types', choisir: 'Choisissez un type d’activité',
			aucun: 'Aucun type d’activité proposé', avant: 'Choisissez d’abord l’équipement',
			manque: 'Choisissez le type d’activité.' },
		{ nom: 'activity', cle: 'activities', choisir: 'Choisissez une activité',
			aucun: 'Aucune activité proposée', avant: 'Choisissez d’abord le type d’activité',
			manque: 'Choisissez l’activité.' },
		{ nom: 'period', cle: 'periods', choisir: 'Choisissez une période',
			aucun: 'Aucune période proposée', avant: 'Choisissez d’abord l’activité',
			manque: 'Choisissez la période.' }
	];

	var form;
	var options = null;      /* the body of enrolment-options */
	var enfants = [];
	var demandeCourante = 0; /* to drop the answer of a child no longer chosen */

	function nomItem(item) {
		return item.name || item.label || item.code;
	}

	function selectDe(i) {
		return form.elements.namedItem(NIVEAUX[i].nom);
	}

	/* The items of level @i, or null while the level above has no choice. */
	function items(i) {
		if (!options)
			return null;
		if (i === 0)
			return options.facilities || [];
		var parent = choisi(i - 1);
		return parent ? parent[NIVEAUX[i].cle] || [] : null;
	}

	/* The item chosen at level @i, or null. */
	function choisi(i) {
		var liste = items(i);
		var code = selectDe(i).value;
		if (!liste || !code)
			return null;
		for (var k = 0; k < liste.length; k++)
			if (liste[k].code === code)
				return liste[k];
		return null;
	}

	function prenom() {
		return (options && options.child && options.child.first_name) || 'votre enfant';
	}

	/* Under a control: what is not offered to the child, and why. */
	function nonProposes(nom, refuses, libelle) {
		var zone = Portail.vider(form.querySelector('[data-non-proposes="' + nom + '"]'));
		if (!refuses.length)
			return;
		zone.appendChild(el('p', { class: 'non-proposes__titre' }, 'Non proposé à ' + prenom() + '\u00a0:'));
		var ul = el('ul', null);
		refuses.forEach(function (x) {
			ul.appendChild(el('li', null, el('strong', null, libelle(x)), '\u00a0: ',
				x.reason || 'pas ouvert aux inscriptions.'));
		});
		zone.appendChild(ul);
	}

	function libellePeriode(p) {
		return p.label + ' (' + I.periode(p.first_day, p.last_day) + ')';
	}

	/* Fill the select of level @i from the level above, then the levels below. */
	function remplirNiveau(i) {
		if (i >= NIVEAUX.length) {
			afficherSuite();
			return;
		}
		var n = NIVEAUX[i];
		var select = selectDe(i);
		var avant = select.value;
		var liste = items(i);
		Portail.vider(select);
		if (!liste) {
			select.appendChild(el('option', { value: '' }, n.avant || n.choisir));
			select.disabled = true;
			nonProposes(n.nom, [], nomItem);
		} else {
			var offerts = liste.filter(function (x) { return x.offered; });
			select.appendChild(el('option', { value: '' }, offerts.length ? n.choisir : n.aucun));
			offerts.forEach(function (x) {
				select.appendChild(el('option', { value: x.code },
					n.nom === 'period' ? libellePeriode(x) : nomItem(x)));
			});
			select.disabled = offerts.length === 0;
			if (offerts.some(function (x) { return x.code === avant; }))
				select.value = avant;
			else if (offerts.length === 1)
				select.value = offerts[0].code;
			else
				select.value = '';
			nonProposes(n.nom, liste.filter(function (x) { return !x.offered; }),
				n.nom === 'period' ? libellePeriode : nomItem);
		}
		if (n.nom === 'activity') {
			var a = choisi(i);
			var description = form.querySelector('[data-description-activite]');
			description.textContent = (a && a.description) || '';
			description.hidden = !description.textContent;
		}
		remplirNiveau(i + 1);
	}

	function plusTard(a, b) {
		return a > b ? a : b;
	}

	/* The group radios: the groups this child may join, the proposed one
	 * chosen; the others named with why. */
	function remplirGroupes(p) {
		var zone = Portail.vider(form.querySelector('[data-groupes]'));
		var avant = form.elements.namedItem('group');
		var valeurAvant = avant && avant.value;
		var eligibles = (p.groups || []).filter(function (g) { return g.eligible; });
		eligibles.forEach(function (g) {
			var id = 'group-' + g.code;
			var aides = [];
			if (g.proposed)
				aides.push('proposé pour ' + prenom());
			if (g.places_left === 0)
				aides.push('complet\u00a0: la demande pourra aller en liste d’attente');
			else if (typeof g.places_left === 'number')
				aides.push(g.places_left === 1 ? '1 place restante' : g.places_left + ' places restantes');
			zone.appendChild(el('input', { type: 'radio', id: id, name: 'group', value: g.code }));
			zone.appendChild(el('label', { for: id },
				el('span', { class: 'choix__libelle' }, g.label || g.code),
				aides.length ? el('span', { class: 'choix__aide' }, aides.join(' · ')) : null));
		});
		if (!eligibles.length)
			zone.appendChild(el('p', { class: 'choix__aucun' }, 'Aucun groupe de cette période n’accueille ' + prenom() + '.'));
		var choix = eligibles.filter(function (g) { return g.code === valeurAvant; })[0] ||
			eligibles.filter(function (g) { return g.proposed; })[0] ||
			(eligibles.length === 1 ? eligibles[0] : null);
		if (choix)
			document.getElementById('group-' + choix.code).checked = true;
		nonProposes('group', (p.groups || []).filter(function (g) { return !g.eligible; }),
			function (g) { return g.label || g.code; });
	}

	function bornerDate(champ, p, defaut) {
		champ.min = p.first_day;
		champ.max = p.last_day;
		if (!champ.value || champ.value < p.first_day || champ.value > p.last_day)
			champ.value = defaut;
	}

	function remplirConditions(a) {
		var docs = a.documents || [];
		var liste = Portail.vider(form.querySelector('[data-liste-documents]'));
		docs.forEach(function (d) {
			var etat = d.provided ? (d.valid_until ? 'fourni, valable jusqu’au ' + Portail.dateLongue(d.valid_until) : 'fourni') :
				'à fournir';
			liste.appendChild(el('li', { class: d.provided ? 'document document--fourni' : 'document' },
				el('span', { class: 'document__libelle' }, d.label || d.type), '\u00a0: ',
				el('span', { class: 'document__etat' }, etat)));
		});
		form.querySelector('[data-documents]').hidden = docs.length === 0;

		var r = a.rules && a.rules.title ? a.rules : null;
		var avant = form.elements.namedItem('accept_rules');
		var coche = Boolean(avant && avant.checked && r && avant.value === (r.version || ''));
		var zone = Portail.vider(form.querySelector('[data-reglement]'));
		if (r) {
			var titre = r.title + (r.version ? ' (version ' + r.version + ')' : '');
			var lien = r.url ? el('p', { class: 'reglement__lien' },
				el('a', { href: r.url, target: '_blank', rel: 'noopener' }, 'Lire le ' + r.title,
					el('span', { class: 'visuellement-cache' }, ' (nouvelle fenêtre)'))) : null;
			if (r.accepted) {
				zone.appendChild(el('p', null, 'Vous avez déjà accepté le ' + titre + '.'));
				if (lien)
					zone.appendChild(lien);
			} else {
				if (lien)
					zone.appendChild(lien);
				zone.appendChild(el('div', { class: 'case case--reglement' },
					el('input', { type: 'checkbox', id: 'accept_rules', name: 'accept_rules', value: r.version || '',
						checked: coche }),
					el('label', { for: 'accept_rules' }, 'J’ai lu et j’accepte le ' + titre)));
			}
		}
		zone.hidden = !r;
		form.querySelector('[data-bloc-conditions]').hidden = docs.length === 0 && !r;
	}

	/* Below the cascade: group, dates or wishes, comment, conditions. */
	function afficherSuite() {
		var a = choisi(2);
		var p = choisi(3);
		var blocs = ['groupe', 'dates', 'petite-enfance', 'commentaire', 'conditions'];
		if (!a || !p) {
			blocs.forEach(function (b) { form.querySelector('[data-bloc-' + b + ']').hidden = true; });
			return;
		}
		var petiteEnfance = Boolean(a.pre_enrolment);
		var debut = plusTard(p.first_day, I.aujourdhui());
		if (debut > p.last_day)
			debut = p.first_day;
		remplirGroupes(p);
		form.querySelector('[data-bloc-groupe]').hidden = false;

		form.querySelector('[data-bloc-dates]').hidden = petiteEnfance;
		form.querySelector('[data-bloc-petite-enfance]').hidden = !petiteEnfance;
		if (petiteEnfance) {
			bornerDate(form.elements.namedItem('wanted_start'), p, debut);
			form.querySelector('[data-aide-entree]').textContent = 'Entre le ' + Portail.dateLongue(p.first_day) +
				' et le ' + Portail.dateLongue(p.last_day) + '.';
		} else {
			bornerDate(form.elements.namedItem('first_day'), p, debut);
			bornerDate(form.elements.namedItem('last_day'), p, p.last_day);
			form.querySelector('[data-aide-dates]').textContent = 'La période va du ' + Portail.dateLongue(p.first_day) +
				' au ' + Portail.dateLongue(p.last_day) + '. Jour, mois et année. Exemple\u00a0: 09/12/2026';
		}
		form.querySelector('[data-bloc-commentaire]').hidden = !a.asks_comment;
		remplirConditions(a);
	}

	function chargerOptions(idEnfant) {
		var numero = ++demandeCourante;
		options = null;
		form.setAttribute('aria-busy', 'true');
		Portail.effacerErreurs(form);
		remplirNiveau(0);
		if (!idEnfant) {
			form.removeAttribute('aria-busy');
			return Promise.resolve();
		}
		return Portail.api('/api/v1/children/' + idEnfant + '/enrolment-options').then(function (r) {
			if (numero !== demandeCourante)
				return;
			options = r || {};
			remplirNiveau(0);
			var rien = !(options.facilities || []).some(function (f) { return f.offered; });
			if (rien)
				Portail.montrerMessage(form.querySelector('[data-erreur-formulaire]'),
					'Aucune activité n’est ouverte aux inscriptions pour ' + prenom() + ' en ce moment.', 'info');
		}, function (err) {
			if (numero !== demandeCourante)
				return;
			Portail.montrerMessage(form.querySelector('[data-erreur-formulaire]'),
				err && err.status === 404 ? 'Cet enfant est introuvable dans votre famille.' : err.message, 'erreur');
		}).then(function () {
			if (numero === demandeCourante) {
				form.removeAttribute('aria-busy');
				document.documentElement.classList.add('cascade-chargee');
			}
		});
	}

	function entier(v) {
		return /^\d+$/.test(String(v).trim()) ? parseInt(v, 10) : NaN;
	}

	function verifier(v) {
		var erreurs = [];
		if (!form.elements.namedItem('child').value)
			return [{ field: 'child', message: 'Choisissez l’enfant à inscrire.' }];
		for (var i = 0; i < NIVEAUX.length; i++) {
			if (!choisi(i)) {
				var select = selectDe(i);
				erreurs.push(select.disabled ? { field: null, message: select.options[0].textContent + ' pour ' + prenom() + '.' } :
					{ field: NIVEAUX[i].nom, message: NIVEAUX[i].manque });
				return erreurs;
			}
		}
		var a = choisi(2);
		var p = choisi(3);
		var groupe = form.elements.namedItem('group');
		if (!groupe || !groupe.value)
			erreurs.push({ field: groupe ? 'group' : null, message: groupe ? 'Choisissez le groupe.' :
				'Aucun groupe de cette période n’accueille ' + prenom() + '.' });
		var dansPeriode = function (champ, jour, manque) {
			if (!jour)
				erreurs.push({ field: champ, message: manque });
			else if (jour < p.first_day || jour > p.last_day)
				erreurs.push({ field: champ, message: 'Choisissez un jour entre le ' + Portail.dateLongue(p.first_day) +
					' et le ' + Portail.dateLongue(p.last_day) + '.' });
			else
				return true;
			return false;
		};
		if (a.pre_enrolment) {
			dansPeriode('wanted_start', v.wanted_start, 'Saisissez la date d’entrée souhaitée (jour, mois et année).');
			var jours = entier(v.days_per_week);
			if (!(jours >= 1 && jours <= 7))
				erreurs.push({ field: 'days_per_week', message: 'Indiquez un nombre de jours par semaine, de 1 à 7.' });
			if (!(entier(v.hours_per_week) >= 1))
				erreurs.push({ field: 'hours_per_week', message: 'Indiquez un nombre d’heures par semaine.' });
		} else {
			var d1 = dansPeriode('first_day', v.first_day, 'Saisissez le premier jour souhaité (jour, mois et année).');
			var d2 = dansPeriode('last_day', v.last_day, 'Saisissez le dernier jour souhaité (jour, mois et année).');
			if (d1 && d2 && v.last_day < v.first_day)
				erreurs.push({ field: 'last_day', message: 'Le dernier jour ne peut pas précéder le premier.' });
		}
		var regle = form.elements.namedItem('accept_rules');
		if (regle && !regle.checked)
			erreurs.push({ field: 'accept_rules', message: 'Pour inscrire ' + prenom() + ', cochez la case qui accepte le ' +
				a.rules.title + '.' });
		return Portail.verifierChamps(form, v, erreurs);
	}

	function corps(v) {
		var a = choisi(2);
		var b = { period: choisi(3).code, group: form.elements.namedItem('group').value,
			comment: a.asks_comment ? (v.comment || '').trim() : '' };
		if (a.pre_enrolment) {
			b.wanted_start = v.wanted_start;
			b.days_per_week = entier(v.days_per_week);
			b.hours_per_week = entier(v.hours_per_week);
		} else {
			b.first_day = v.first_day;
			b.last_day = v.last_day;
		}
		var regle = form.elements.namedItem('accept_rules');
		if (regle && regle.checked)
			b.accept_rules = regle.value;
		return b;
	}

	function confirmer(idEnfant, e) {
		var zone = document.querySelector('[data-confirmation]');
		var texte = zone.querySelector('[data-texte-confirmation]');
		var nom = prenom();
		if (e && e.marker === '!')
			texte.textContent = 'La préinscription de ' + nom + ' attend la décision du service. ' +
				'Elle porte le repère «\u00a0!\u00a0» tant qu’elle n’est pas validée.';
		else if (e && e.status === 'validated')
			texte.textContent = 'L’inscription de ' + nom + ' est validée.';
		else
			texte.textContent = 'L’inscription de ' + nom + ' attend la validation du service. ' +
				'Elle porte le repère «\u00a0?\u00a0» tant qu’elle n’est pas validée.';
		var carte = Portail.vider(zone.querySelector('[data-inscription-envoyee]'));
		if (e)
			carte.appendChild(I.carte(e, 3));
		var lien = zone.querySelector('[data-lien-inscriptions-enfant]');
		lien.href = '/inscriptions.html#enfant-' + idEnfant;
		lien.textContent = 'Voir les inscriptions de ' + nom;
		zone.querySelector('[data-lien-autre]').href = '/inscription-enfant.html?enfant=' + idEnfant;
		form.hidden = true;
		document.querySelector('[data-chapo]').hidden = true;
		zone.hidden = false;
		document.title = 'Demande d’inscription envoyée — Portail Famille';
		zone.querySelector('[data-titre-confirmation]').focus();
	}

	Portail.pret(function (moi) {
		form = document.querySelector('[data-formulaire-cascade]');
		enfants = (moi.family && moi.family.children) || [];
		if (!enfants.length) {
			form.hidden = true;
			document.querySelector('[data-sans-enfant]').hidden = false;
			document.documentElement.classList.add('cascade-chargee');
			return;
		}
		var selectEnfant = form.elements.namedItem('child');
		var demande = Portail.parametre('enfant');
		if (enfants.length > 1)
			selectEnfant.appendChild(el('option', { value: '' }, 'Choisissez un enfant'));
		enfants.forEach(function (e) {
			selectEnfant.appendChild(el('option', { value: String(e.id) }, Portail.nomComplet(e)));
		});
		if (enfants.some(function (e) { return String(e.id) === demande; }))
			selectEnfant.value = demande;
		selectEnfant.addEventListener('change', function () {
			chargerOptions(selectEnfant.value);
		});
		NIVEAUX.forEach(function (n, i) {
			selectDe(i).addEventListener('change', function () {
				remplirNiveau(i + 1);
			});
		});
		chargerOptions(selectEnfant.value);

		Portail.formulaire(form, {
			verifier: verifier,
			envoyer: function (v) {
				var idEnfant = selectEnfant.value;
				return Portail.api('/api/v1/children/' + idEnfant + '/enrolments', {
					method: 'POST',
					body: corps(v)
				}).then(function (r) {
					confirmer(idEnfant, r && r.enrolment);
				});
			}
		});
	});
})();
