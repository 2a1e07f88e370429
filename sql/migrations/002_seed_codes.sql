-- Report categories and sources. Colours: a colour-blind-safe qualitative palette (Okabe-Ito
-- plus neutrals) so each category keeps one colour on the map, in charts and in briefings.
INSERT INTO categories (code, label_nl, label_en, description_nl, description_en, sensitive, sort_order, colour) VALUES
  ('hennep', 'Hennepteelt', 'Cannabis cultivation', 'Vermoeden van een hennepkwekerij (geur, stroomgebruik, afgeplakte ramen).', 'Suspected cannabis grow-op (smell, power use, covered windows).', false, 1, '#009E73'),
  ('drugslab', 'Drugslab / drugsafval', 'Drug lab / drug waste', 'Vermoeden van productie van synthetische drugs of opslag van drugsafval.', 'Suspected synthetic drug production or storage of drug waste.', false, 2, '#D55E00'),
  ('afvaldumping', 'Afvaldumping', 'Waste dumping', 'Gedumpt (drugs)afval, vaten of jerrycans in het buitengebied.', 'Dumped (drug) waste, barrels or jerrycans in rural areas.', false, 3, '#E69F00'),
  ('overlastpand', 'Overlastpand', 'Nuisance property', 'Pand met aanloop, overlast of vermoeden van criminele activiteit.', 'Property with suspicious traffic, nuisance or suspected criminal activity.', false, 4, '#CC79A7'),
  ('illegale_bewoning', 'Illegale bewoning', 'Illegal occupancy', 'Vermoeden van illegale bewoning of overbewoning.', 'Suspected illegal occupancy or overcrowding.', true, 5, '#56B4E9'),
  ('adresfraude', 'Adresfraude', 'Address fraud', 'Vermoeden van onjuiste inschrijving of fictieve adressen.', 'Suspected false registration or fictitious addresses.', true, 6, '#0072B2'),
  ('prostitutie', 'Illegale prostitutie', 'Illegal prostitution', 'Signalen van illegale prostitutie of mensenhandel.', 'Signals of illegal prostitution or human trafficking.', true, 7, '#F0E442'),
  ('witwassen', 'Witwassen / malafide bedrijf', 'Money laundering / suspicious business', 'Bedrijf dat als dekmantel lijkt te dienen of witwassen.', 'A business that seems to be a front, or money laundering.', false, 8, '#882255'),
  ('overig', 'Overig', 'Other', 'Overige signalen van ondermijning.', 'Other signals of undermining crime.', false, 9, '#999999');

INSERT INTO sources (code, label_nl, label_en, description_nl, description_en, sort_order) VALUES
  ('mma', 'Meld Misdaad Anoniem', 'Crime Stoppers (anonymous)', 'Anonieme melding via Meld Misdaad Anoniem.', 'Anonymous report via Meld Misdaad Anoniem.', 1),
  ('politie', 'Politie', 'Police', 'Signaal van de politie.', 'Signal from the police.', 2),
  ('gemeente', 'Gemeente (eigen handhaving)', 'Municipality (own enforcement)', 'Signaal van eigen toezicht en handhaving.', 'Signal from the municipality''s own enforcement.', 3),
  ('partner', 'Partner', 'Partner', 'Signaal van een partner (woningcorporatie, netbeheerder, belastingdienst, …).', 'Signal from a partner (housing association, grid operator, tax office, …).', 4);
