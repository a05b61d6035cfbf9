//! `poll_oneoff`: clock subscriptions really wait; descriptor subscriptions are reported ready at
//! once (regular files and the standard streams never make a read or write wait for long).

use crate::clocks;
use crate::ctx::{Handle, WasiCtx};
use crate::errno::Errno;
use crate::memory::GuestMemory;
use crate::types::{eventtype, rights, size};
use std::io::Seek;
use std::time::Duration;

/// `subclockflags::SUBSCRIPTION_CLOCK_ABSTIME`.
const ABSTIME: u16 = 1;

/// One event to report.
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
}

/// `poll_oneoff(in, out, nsubscriptions, nevents)`.
pub(crate) fn poll_oneoff(
    ctx: &mut WasiCtx,
    mem: &mut GuestMemory,
    input: u32,
    output: u32,
    nsubs: u32,
    nevents: u32,
) -> Result<(), Errno> {
    if nsubs == 0 {
        return Err(Errno::INVAL);
    }
    mem.check(
        input,
        nsubs.checked_mul(size::SUBSCRIPTION).ok_or(Errno::FAULT)?,
    )?;
    mem.check(output, nsubs.checked_mul(size::EVENT).ok_or(Errno::FAULT)?)?;
    mem.check(nevents, 4)?;

    let mut ready = Vec::new();
    // (userdata, nanoseconds left)
    let mut timers: Vec<(u64, u64)> = Vec::new();
    for i in 0..nsubs {
        let at = input + i * size::SUBSCRIPTION;
        let userdata = mem.read_u64(at)?;
        let kind = mem.read_u8(at + 8)?;
        match kind {
            eventtype::CLOCK => {
                let id = mem.read_u32(at + 16)?;
                let timeout = mem.read_u64(at + 24)?;
                let flags = mem.read_u16(at + 40)?;
                match clocks::now(ctx, id) {
                    Ok(now) => {
                        let left = if flags & ABSTIME != 0 {
                            timeout.saturating_sub(now)
                        } else {
                            timeout
                        };
                        timers.push((userdata, left));
                    }
                    Err(error) => ready.push(Event {
                        userdata,
                        error,
                        kind,
                        nbytes: 0,
                    }),
                }
            }
            eventtype::FD_READ | eventtype::FD_WRITE => {
                let fd = mem.read_u32(at + 16)?;
                let (error, nbytes) = match fd_readiness(ctx, fd, kind == eventtype::FD_READ) {
                    Ok(n) => (Errno::SUCCESS, n),
                    Err(e) => (e, 0),
                };
                ready.push(Event {
                    userdata,
                    error,
                    kind,
                    nbytes,
                });
            }
            _ => return Err(Errno::INVAL),
        }
    }

    // With nothing ready yet, sleep until the earliest timer; otherwise report only expired ones.
    let wait = if ready.is_empty() {
        timers.iter().map(|t| t.1).min().unwrap_or(0)
    } else {
        0
    };
    if wait > 0 {
        std::thread::sleep(Duration::from_nanos(wait));
    }
    for (userdata, left) in timers {
        if left <= wait {
            ready.push(Event {
                userdata,
                error: Errno::SUCCESS,
                kind: eventtype::CLOCK,
                nbytes: 0,
            });
        }
    }

    for (i, ev) in ready.iter().enumerate() {
        let mut rec = [0u8; size::EVENT as usize];
        rec[0..8].copy_from_slice(&ev.userdata.to_le_bytes());
        rec[8..10].copy_from_slice(&ev.error.raw().to_le_bytes());
        rec[10] = ev.kind;
        rec[16..24].copy_from_slice(&ev.nbytes.to_le_bytes());
        mem.write_bytes(output + i as u32 * size::EVENT, &rec)?;
    }
    mem.write_u32(nevents, ready.len() as u32)
}

/// Bytes readable (or writable) on `fd` now.
fn fd_readiness(ctx: &mut WasiCtx, fd: u32, read: bool) -> Result<u64, Errno> {
    let needed = rights::POLL_FD_READWRITE
        | if read {
            rights::FD_READ
        } else {
            rights::FD_WRITE
        };
    let entry = ctx.table.get_mut_with(fd, needed)?;
    match (&mut entry.handle, read) {
        (Handle::File(f), true) => {
            let len = f.metadata()?.len();
            let pos = match entry.pos {
                Some(pos) => pos,
                None => f.stream_position()?,
            };
            Ok(len.saturating_sub(pos))
        }
        (Handle::File(_), false) => Ok(0),
        (Handle::Stdin(i), true) => Ok(i.available()),
        (Handle::Stdout(_), false) => Ok(0),
        (Handle::Dir(_), _) => Err(Errno::BADF),
        (Handle::Stdin(_), false) | (Handle::Stdout(_), true) => Err(Errno::BADF),
    }
}
