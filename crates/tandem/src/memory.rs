//! Keeps the server's resident memory honest. Each password hash (argon2id) allocates 19 MiB;
//! after such a block is freed, glibc raises its mmap threshold and serves later big blocks from
//! the heap, where freed memory stays resident: an idle server that had loaded the demo (eight
//! hashes) held about 150 MB instead of 14 MB. A fixed threshold keeps big blocks mapped on
//! their own, so freeing them returns them to the system.

/// Fixes glibc's mmap threshold at its default, 128 KiB; call before any thread starts.
pub fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const MMAP_THRESHOLD: libc::c_int = 128 * 1024;
        // SAFETY: mallopt only tunes the allocator; it is called once, before other threads.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        }
    }
}
