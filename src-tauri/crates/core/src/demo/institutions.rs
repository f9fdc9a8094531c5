//! The institutions guests come from (perangkat daerah, villages, BUMD, cooperatives,
//! farmers' groups, suppliers), looked up by the codes the desks' topics use.

/// How an institution's assignment letters are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A perangkat daerah of the kabupaten, a BLUD, or a vertical office: an SPT.
    Government,
    /// A village government: an SPT of the kepala desa.
    Village,
    /// A BUMD, a cooperative, a farmers' group, a pesantren, a company: a surat tugas.
    Organisation,
}

pub(super) struct Institution {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    /// The abbreviation in its letter numbers.
    pub(super) abbr: &'static str,
    pub(super) kind: Kind,
}

/// The code of a private guest (pribadi/masyarakat) in a topic's list of who comes.
pub(super) const PRIVATE: &str = "-";

#[rustfmt::skip]
const INSTITUTIONS: &[Institution] = &[
    Institution { code: "dkum", name: "Dinas Koperasi dan Usaha Mikro Kabupaten Balangan", abbr: "DKUM", kind: Kind::Government },
    Institution { code: "disdag", name: "Dinas Perdagangan dan Perindustrian Kabupaten Balangan", abbr: "DISDAGPERIN", kind: Kind::Government },
    Institution { code: "distan", name: "Dinas Pertanian Kabupaten Balangan", abbr: "DISTAN", kind: Kind::Government },
    Institution { code: "dkp", name: "Dinas Ketahanan Pangan Kabupaten Balangan", abbr: "DKP", kind: Kind::Government },
    Institution { code: "diskan", name: "Dinas Perikanan Kabupaten Balangan", abbr: "DISKAN", kind: Kind::Government },
    Institution { code: "dlh", name: "Dinas Lingkungan Hidup Kabupaten Balangan", abbr: "DLH", kind: Kind::Government },
    Institution { code: "dispar", name: "Dinas Pariwisata, Kepemudaan dan Olahraga Kabupaten Balangan", abbr: "DISPARPORA", kind: Kind::Government },
    Institution { code: "bpkad", name: "Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Balangan", abbr: "BPKAD", kind: Kind::Government },
    Institution { code: "bappeda", name: "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah Kabupaten Balangan", abbr: "BAPPELITBANGDA", kind: Kind::Government },
    Institution { code: "bps", name: "Badan Pusat Statistik Kabupaten Balangan", abbr: "BPS-6311", kind: Kind::Government },
    Institution { code: "rsud", name: "RSUD Balangan", abbr: "RSUD", kind: Kind::Government },
    Institution { code: "pkm", name: "UPTD Puskesmas Paringin", abbr: "PKM-PRG", kind: Kind::Government },
    Institution { code: "pupr", name: "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Balangan", abbr: "PUPR", kind: Kind::Government },
    Institution { code: "disdik", name: "Dinas Pendidikan Kabupaten Balangan", abbr: "DISDIK", kind: Kind::Government },
    Institution { code: "dinkes", name: "Dinas Kesehatan Kabupaten Balangan", abbr: "DINKES", kind: Kind::Government },
    Institution { code: "perkim", name: "Dinas Perumahan Rakyat dan Kawasan Permukiman Kabupaten Balangan", abbr: "PERKIM", kind: Kind::Government },
    Institution { code: "setwan", name: "Sekretariat DPRD Kabupaten Balangan", abbr: "SETWAN", kind: Kind::Government },
    Institution { code: "bjm", name: "PT Balangan Jaya Mandiri (Perseroda)", abbr: "BJM", kind: Kind::Organisation },
    Institution { code: "pdam", name: "Perumda Air Minum Tirta Balangan", abbr: "PAM-TB", kind: Kind::Organisation },
    Institution { code: "bank", name: "PT Bank Kalsel Kantor Cabang Paringin", abbr: "BKS-PRG", kind: Kind::Organisation },
    Institution { code: "batupiring", name: "Pemerintah Desa Batu Piring", abbr: "Ds.BTP", kind: Kind::Village },
    Institution { code: "lokbatu", name: "Pemerintah Desa Lok Batu", abbr: "Ds.LBT", kind: Kind::Village },
    Institution { code: "kapul", name: "Pemerintah Desa Kapul", abbr: "Ds.KPL", kind: Kind::Village },
    Institution { code: "mampari", name: "Pemerintah Desa Mampari", abbr: "Ds.MPR", kind: Kind::Village },
    Institution { code: "juai", name: "Pemerintah Desa Juai", abbr: "Ds.JUA", kind: Kind::Village },
    Institution { code: "kopkaret", name: "Koperasi Produsen Karet Maju Bersama Balangan", abbr: "KPKMB", kind: Kind::Organisation },
    Institution { code: "ksu", name: "KSU Sepakat Paringin", abbr: "KSU-SP", kind: Kind::Organisation },
    Institution { code: "poktan", name: "Kelompok Tani Harapan Jaya Desa Mampari", abbr: "KT-HJ", kind: Kind::Organisation },
    Institution { code: "poktan2", name: "Kelompok Tani Sumber Rezeki Desa Halong", abbr: "KT-SR", kind: Kind::Organisation },
    Institution { code: "gapoktan", name: "Gapoktan Karya Bersama Kecamatan Batumandi", abbr: "GKB", kind: Kind::Organisation },
    Institution { code: "ponpes", name: "Pondok Pesantren Darul Ilmi Paringin", abbr: "PP-DI", kind: Kind::Organisation },
    Institution { code: "masjid", name: "Panitia Pembangunan Masjid Al-Muhajirin Desa Juai", abbr: "PPM-AM", kind: Kind::Organisation },
    Institution { code: "cvpkm", name: "CV Paringin Karya Mandiri", abbr: "PKM", kind: Kind::Organisation },
    Institution { code: "cvbbk", name: "CV Berkah Batumandi Konstruksi", abbr: "BBK", kind: Kind::Organisation },
    Institution { code: "pthbp", name: "PT Halong Bangun Persada", abbr: "HBP", kind: Kind::Organisation },
    Institution { code: "cvat", name: "CV Awayan Teknik", abbr: "AT", kind: Kind::Organisation },
    Institution { code: "cvjs", name: "CV Juai Sejahtera", abbr: "JS", kind: Kind::Organisation },
    Institution { code: "cvlj", name: "CV Lampihong Jaya", abbr: "LJ", kind: Kind::Organisation },
    Institution { code: "cvttm", name: "CV Tebing Tinggi Mandiri", abbr: "TTM", kind: Kind::Organisation },
    Institution { code: "ptpck", name: "PT Paringin Cipta Konstruksi", abbr: "PCK", kind: Kind::Organisation },
    Institution { code: "cvbpp", name: "CV Batu Piring Perkasa", abbr: "BPP", kind: Kind::Organisation },
    Institution { code: "cvhmt", name: "CV Halong Mitra Teknik", abbr: "HMT", kind: Kind::Organisation },
    Institution { code: "ptbbk", name: "PT Banua Balangan Konstruksi", abbr: "BBKS", kind: Kind::Organisation },
];

/// The suppliers (penyedia) that come to the PBJ desk.
pub(super) const COMPANIES: &[&str] = &[
    "cvpkm", "cvbbk", "pthbp", "cvat", "cvjs", "cvlj", "cvttm", "ptpck", "cvbpp", "cvhmt", "ptbbk",
];

pub(super) fn institution(code: &str) -> Option<&'static Institution> {
    INSTITUTIONS.iter().find(|i| i.code == code)
}
