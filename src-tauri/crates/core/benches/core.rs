//! Speed of the desk's everyday operations on a database of a busy year (issue 6, "Speed,
//! measured"): check-in, call next, an official's queue, catalog search, a day's export in
//! each format and a year's spreadsheet.
//!
//! The year is made by [`loket_core::demo::bulk`] (`LOKET_BENCH_VISITS`, default 100,000
//! visits over 2026; the time it takes is printed first); the day's exports use a database of
//! their own with one day of 500 visits. The operations then run on the first working Monday
//! of 2027, a new day on top of the year. Figures and the commands are in BENCHMARKS.md:
//!
//! ```sh
//! nice -n 10 cargo bench -p loket-core --bench core -- --warm-up-time 1 --measurement-time 3
//! ```

mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{date, generate, request, wita, NewDay};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use loket_core::catalog::{self, Filter};
use loket_core::desk::checkin;
use loket_core::desk::{queue, views, Ctx};
use loket_core::report::{self, Format};

fn desk(c: &mut Criterion) {
    let NewDay {
        mut db,
        ctx,
        monday,
        reader,
        reader_service,
        other_service,
        reader_shown,
        other_shown,
    } = NewDay::on_a_year();
    let mut n = 0u64;

    // Twenty guests waiting for the official whose queue is read.
    for _ in 0..20 {
        n += 1;
        let req = request(&reader_service, &reader_shown, n);
        checkin::check_in(&mut db.store, &ctx, &req).unwrap();
    }

    c.bench_function("check_in (new guest)", |b| {
        b.iter_batched(
            || {
                n += 1;
                request(&other_service, &other_shown, n)
            },
            |req| checkin::check_in(&mut db.store, &ctx, &req).unwrap(),
            BatchSize::SmallInput,
        )
    });

    let queue = views::official_queue(&db.store, &ctx, reader).unwrap();
    assert_eq!((queue.waiting.len(), queue.current.len()), (20, 0));
    c.bench_function("official_queue (20 waiting)", |b| {
        b.iter(|| black_box(views::official_queue(&db.store, &ctx, reader).unwrap()))
    });

    c.bench_function("call_next", |b| {
        b.iter_custom(|iters| {
            let mut spent = std::time::Duration::ZERO;
            for _ in 0..iters {
                // One more guest waits (not timed), so the queue stays twenty long.
                n += 1;
                let req = request(&reader_service, &reader_shown, n);
                checkin::check_in(&mut db.store, &ctx, &req).unwrap();
                let started = Instant::now();
                let called = black_box(queue::call_next(&mut db.store, &ctx, reader).unwrap());
                spent += started.elapsed();
                // The guest comes in (not timed), so the official may call the next one.
                queue::start(&mut db.store, &ctx, reader, called).unwrap();
            }
            spent
        })
    });

    for query in ["sirup", "ktp pns", "beasiswa"] {
        c.bench_function(&format!("catalog search \"{query}\""), |b| {
            b.iter(|| black_box(catalog::search(&db.store, query, &Filter::default(), 10).unwrap()))
        });
    }

    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: wita(monday, 16, 0),
    };
    let mut year = c.benchmark_group("year");
    year.sample_size(10);
    year.bench_function("export xlsx (year)", |b| {
        b.iter(|| {
            black_box(
                report::render(
                    &db.store,
                    &evening,
                    date("2026-01-01"),
                    date("2026-12-31"),
                    Format::Xlsx,
                )
                .unwrap(),
            )
        })
    });
    year.finish();
}

fn day_exports(c: &mut Criterion) {
    let db = generate("2026-11-23", "2026-11-23", 500);
    let day = date("2026-11-23");
    let evening = Ctx {
        actor: "kepala bagian".into(),
        now: wita(day, 21, 0),
    };
    let mut group = c.benchmark_group("day (500 visits)");
    group.sample_size(20);
    for format in [Format::Xlsx, Format::Pdf, Format::Csv] {
        group.bench_function(format!("export {}", format.extension()), |b| {
            b.iter(|| black_box(report::render(&db.store, &evening, day, day, format).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, desk, day_exports);
criterion_main!(benches);
