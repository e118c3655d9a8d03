/*
 * malloc-conf.c — jemalloc's settings for portail-web, read by jemalloc
 * when the process starts (the MALLOC_CONF environment variable still
 * overrides them).
 *
 * No per-thread cache: portail-web runs hundreds of worker threads (a slow
 * client holds one), and each thread's cache keeps memory it freed for
 * itself; over the benchmark's reads and downloads that took the peak
 * resident memory from 37 to 64 MB. Without it jemalloc still spreads the
 * threads over a few arenas, which is what lowers the CPU of allocation
 * against glibc's malloc.
 */
const char *malloc_conf = "tcache:false";
