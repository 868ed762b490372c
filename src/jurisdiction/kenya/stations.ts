/**
 * A representative set of police stations: at least one in every county, and those named in
 * the source articles. The real list (about 1,250) is loaded with `sauti stations import`.
 */
export interface StationSeed {
  id: string;
  name: string;
  countyCode: string;
  kind?: 'station' | 'traffic_base' | 'post';
}

export const stations: ReadonlyArray<StationSeed> = [
  { id: 'mombasa-central', name: 'Central Police Station, Mombasa', countyCode: '001' },
  { id: 'mombasa-traffic-base', name: 'Mombasa Traffic Base', countyCode: '001', kind: 'traffic_base' },
  { id: 'nyali', name: 'Nyali Police Station', countyCode: '001' },
  { id: 'kwale', name: 'Kwale Police Station', countyCode: '002' },
  { id: 'kilifi', name: 'Kilifi Police Station', countyCode: '003' },
  { id: 'malindi', name: 'Malindi Police Station', countyCode: '003' },
  { id: 'hola', name: 'Hola Police Station', countyCode: '004' },
  { id: 'lamu', name: 'Lamu Police Station', countyCode: '005' },
  { id: 'voi', name: 'Voi Police Station', countyCode: '006' },
  { id: 'garissa', name: 'Garissa Police Station', countyCode: '007' },
  { id: 'wajir', name: 'Wajir Police Station', countyCode: '008' },
  { id: 'mandera', name: 'Mandera Police Station', countyCode: '009' },
  { id: 'marsabit', name: 'Marsabit Police Station', countyCode: '010' },
  { id: 'isiolo', name: 'Isiolo Police Station', countyCode: '011' },
  { id: 'meru-central', name: 'Meru Central Police Station', countyCode: '012' },
  { id: 'chuka', name: 'Chuka Police Station', countyCode: '013' },
  { id: 'embu', name: 'Embu Police Station', countyCode: '014' },
  { id: 'kitui-central', name: 'Kitui Central Police Station', countyCode: '015' },
  { id: 'machakos', name: 'Machakos Police Station', countyCode: '016' },
  { id: 'salama', name: 'Salama Police Station', countyCode: '017' },
  { id: 'wote', name: 'Wote Police Station', countyCode: '017' },
  { id: 'ol-kalou', name: 'Ol Kalou Police Station', countyCode: '018' },
  { id: 'nyeri-central', name: 'Nyeri Central Police Station', countyCode: '019' },
  { id: 'kerugoya', name: 'Kerugoya Police Station', countyCode: '020' },
  { id: 'muranga', name: "Murang'a Police Station", countyCode: '021' },
  { id: 'thika', name: 'Thika Police Station', countyCode: '022' },
  { id: 'kiambu', name: 'Kiambu Police Station', countyCode: '022' },
  { id: 'lodwar', name: 'Lodwar Police Station', countyCode: '023' },
  { id: 'kapenguria', name: 'Kapenguria Police Station', countyCode: '024' },
  { id: 'maralal', name: 'Maralal Police Station', countyCode: '025' },
  { id: 'kitale', name: 'Kitale Police Station', countyCode: '026' },
  { id: 'eldoret-central', name: 'Eldoret Central Police Station', countyCode: '027' },
  { id: 'iten', name: 'Iten Police Station', countyCode: '028' },
  { id: 'kapsabet', name: 'Kapsabet Police Station', countyCode: '029' },
  { id: 'kabarnet', name: 'Kabarnet Police Station', countyCode: '030' },
  { id: 'nanyuki', name: 'Nanyuki Police Station', countyCode: '031' },
  { id: 'nakuru-central', name: 'Nakuru Central Police Station', countyCode: '032' },
  { id: 'narok', name: 'Narok Police Station', countyCode: '033' },
  { id: 'kajiado', name: 'Kajiado Police Station', countyCode: '034' },
  { id: 'kitengela', name: 'Kitengela Police Station', countyCode: '034' },
  { id: 'kericho', name: 'Kericho Police Station', countyCode: '035' },
  { id: 'bomet', name: 'Bomet Police Station', countyCode: '036' },
  { id: 'kakamega', name: 'Kakamega Police Station', countyCode: '037' },
  { id: 'vihiga', name: 'Vihiga Police Station', countyCode: '038' },
  { id: 'bungoma', name: 'Bungoma Police Station', countyCode: '039' },
  { id: 'busia', name: 'Busia Police Station', countyCode: '040' },
  { id: 'siaya', name: 'Siaya Police Station', countyCode: '041' },
  { id: 'kisumu-central', name: 'Kisumu Central Police Station', countyCode: '042' },
  { id: 'homa-bay', name: 'Homa Bay Police Station', countyCode: '043' },
  { id: 'migori', name: 'Migori Police Station', countyCode: '044' },
  { id: 'kisii-central', name: 'Kisii Central Police Station', countyCode: '045' },
  { id: 'nyamira', name: 'Nyamira Police Station', countyCode: '046' },
  { id: 'kasarani', name: 'Kasarani Police Station', countyCode: '047' },
  { id: 'buru-buru', name: 'Buru Buru Police Station', countyCode: '047' },
  { id: 'central-nairobi', name: 'Central Police Station, Nairobi', countyCode: '047' },
  { id: 'kilimani', name: 'Kilimani Police Station', countyCode: '047' },
];
