//! NĐ 335/2025 civil-servant records as JSON Lines, for `tieuchi batch` and the floor.
//!
//!   gen_jsonl N OUT.jsonl [AGENCIES=2000] [GROUPS=5] [SEED=2026]
//!
//! Points with two decimals (tiêu chí chung 15–30, kết quả 35–70), rare knock-outs (0.5%
//! suy thoái, 0.2% each party violation, 2% discipline, leaders 10% of whom 1% have a unit
//! with corruption), every record in one of AGENCIES × GROUPS quota groups.

use std::io::{BufWriter, Write};

/// xorshift64*: the same records from the same seed on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

const DISCIPLINE: [&str; 6] = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args[1].parse().expect("N");
    let agencies: u64 = args.get(3).map_or(2000, |s| s.parse().expect("AGENCIES"));
    let groups: u64 = args.get(4).map_or(5, |s| s.parse().expect("GROUPS"));
    let seed: u64 = args.get(5).map_or(2026, |s| s.parse().expect("SEED"));
    let mut out = BufWriter::new(std::fs::File::create(&args[2]).expect("output"));
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let co_quan = rng.below(agencies);
        let nhom = rng.below(groups);
        let chung = 1500 + rng.below(1501);
        let kq = 3500 + rng.below(3501);
        let suy_thoai = rng.chance(5);
        let dieu_cam = rng.chance(2);
        let neu_guong = rng.chance(2);
        let discipline = rng.chance(20).then(|| DISCIPLINE[rng.below(6) as usize]);
        let leader = rng.chance(100);
        let tham_nhung = leader && rng.chance(10);
        write!(
            out,
            "{{\"id\":\"CC-{i:07}\",\"co_quan\":\"CQ-{co_quan:04}\",\"nhom\":\"N{nhom}\",\
             \"tieu_chi_chung\":{}.{:02},\"ket_qua_nhiem_vu\":{}.{:02},\"suy_thoai\":{suy_thoai},\
             \"vi_pham_dieu_cam\":{dieu_cam},\"vi_pham_neu_guong\":{neu_guong},\"la_lanh_dao\":{leader},\
             \"don_vi_tham_nhung\":{tham_nhung}",
            chung / 100,
            chung % 100,
            kq / 100,
            kq % 100
        )
        .expect("write");
        if let Some(d) = discipline {
            write!(out, ",\"ky_luat_trong_nam\":\"{d}\"").expect("write");
        }
        writeln!(out, "}}").expect("write");
    }
    out.flush().expect("flush");
}
