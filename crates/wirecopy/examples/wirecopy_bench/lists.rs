//! The word lists the stories are made of, written for this benchmark.

/// Cities and their countries (all in the dateline gazetteer).
pub const PLACES: &[(&str, &str)] = &[
    ("Port Louis", "Mauritius"),
    ("Nairobi", "Kenya"),
    ("Lagos", "Nigeria"),
    ("Accra", "Ghana"),
    ("Manila", "Philippines"),
    ("Lima", "Peru"),
    ("Quito", "Ecuador"),
    ("Dhaka", "Bangladesh"),
    ("Colombo", "Sri Lanka"),
    ("Kathmandu", "Nepal"),
    ("Hanoi", "Vietnam"),
    ("Jakarta", "Indonesia"),
    ("Santiago", "Chile"),
    ("Montevideo", "Uruguay"),
    ("Lusaka", "Zambia"),
    ("Harare", "Zimbabwe"),
    ("Kampala", "Uganda"),
    ("Dakar", "Senegal"),
    ("Tunis", "Tunisia"),
    ("Amman", "Jordan"),
    ("Tbilisi", "Georgia"),
    ("Riga", "Latvia"),
    ("Lisbon", "Portugal"),
    ("Oslo", "Norway"),
    ("Wellington", "New Zealand"),
    ("Suva", "Fiji"),
    ("Bogota", "Colombia"),
    ("Asuncion", "Paraguay"),
    ("Windhoek", "Namibia"),
    ("Maputo", "Mozambique"),
];

/// Given names.
pub const GIVEN: &[&str] = &[
    "Amina", "Tomas", "Leila", "Kofi", "Mei", "Rafael", "Ingrid", "Sipho", "Nadia", "Arjun",
    "Elena", "Yusuf", "Marta", "Tendai", "Hana", "Diego", "Priya", "Olu", "Sofia", "Kenji",
    "Fatima", "Lars", "Ayesha", "Mateo", "Grace", "Ravi", "Ines", "Samuel", "Zanele", "Pablo",
];

/// Family names.
pub const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Mensah",
    "Tanaka",
    "Moreno",
    "Banda",
    "Perera",
    "Silva",
    "Kovacs",
    "Ndlovu",
    "Rahman",
    "Castillo",
    "Novak",
    "Osei",
    "Fernandes",
    "Mwangi",
    "Duarte",
    "Khan",
    "Petrov",
    "Achieng",
    "Larsen",
    "Quispe",
    "Nakamura",
    "Abebe",
    "Torres",
    "Dlamini",
    "Sato",
    "Varga",
    "Rossi",
];

/// Agencies credited in datelines.
pub const AGENCIES: &[&str] = &[
    "Reuters", "AFP", "AP", "ANI", "Xinhua", "dpa", "IANS", "EFE",
];

/// Month names.
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Companies for releases.
pub const COMPANIES: &[&str] = &[
    "Kestrel Logistics",
    "Bluefin Analytics",
    "Harrow & Pike Foods",
    "Northgate Solar",
    "Vireo Health",
    "Copperline Mining",
    "Tamarind Telecom",
    "Orchard Bay Capital",
    "Silverleaf Insurance",
    "Meridian Rail Systems",
    "Quillon Software",
    "Redwater Cement",
    "Lumen Grove Hotels",
    "Atlas Cove Shipping",
    "Brightmoor Dairy",
    "Cedar Point Pharma",
];

/// Roles for appointments.
pub const ROLES: &[&str] = &[
    "Chief Financial Officer",
    "Chief Executive Officer",
    "Chief Technology Officer",
    "Head of Sales",
    "Chief Operating Officer",
    "General Counsel",
    "Chief Marketing Officer",
];

/// Football clubs of one made-up league.
pub const CLUBS: &[&str] = &[
    "Riverside United",
    "Port Athletic",
    "Hillcrest Rovers",
    "Eastbay City",
    "Northfield Wanderers",
    "Kingsmere Town",
    "Saltmarsh FC",
    "Ironbridge Albion",
    "Lakeview Rangers",
    "Westholm Dynamo",
    "Stonegate Olympic",
    "Redcliff Harriers",
];

/// Teams' grounds, by club index.
pub const GROUNDS: &[&str] = &[
    "Mill Lane",
    "the Harbour Stadium",
    "Crown Park",
    "the Bay Arena",
    "Field Road",
    "Kingsmere Park",
    "the Marsh Ground",
    "Bridge End",
    "the Lakeside",
    "Westholm Bowl",
    "Gate Park",
    "Cliff Top",
];

/// Organisations named in stories.
pub const ORGS: &[&str] = &[
    "Red Cross",
    "World Food Programme",
    "Institute for Fiscal Studies",
    "Chamber of Commerce",
    "Transparency Forum",
    "Electoral Reform Society",
    "Open Courts Initiative",
    "Regional Development Bank",
];

/// Weekdays.
pub const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
