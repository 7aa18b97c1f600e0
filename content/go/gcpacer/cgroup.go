package gcpacer

import (
	"io/fs"
	"log"
	"os"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
)

// CgroupMemoryLimit returns the tightest cgroup v2 memory limit that applies to
// the current process: the smallest memory.max or memory.high on the path from
// the process's own cgroup up to the root of the hierarchy mounted at
// /sys/fs/cgroup. fsys is the root file system (os.DirFS("/") in production).
// ok is false on cgroup v1, outside a container, or when every value is "max".
func CgroupMemoryLimit(fsys fs.FS) (limit int64, ok bool) {
	data, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	dir := ""
	for line := range strings.Lines(string(data)) {
		// cgroup v2 has a single line "0::<path>"; the path is "/" inside a
		// private cgroup namespace and the full path on the host.
		if p, found := strings.CutPrefix(strings.TrimSpace(line), "0::"); found {
			dir = path.Join("sys/fs/cgroup", p)
			break
		}
	}
	if dir == "" {
		return 0, false // cgroup v1 only: not handled here
	}
	for {
		for _, name := range []string{"memory.max", "memory.high"} {
			raw, err := fs.ReadFile(fsys, path.Join(dir, name))
			if err != nil {
				continue // missing in the root cgroup, or not visible from here
			}
			v, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
			if err != nil {
				continue // "max" means no limit at this level
			}
			if !ok || v < limit {
				limit, ok = v, true
			}
		}
		if dir == "sys/fs/cgroup" {
			return limit, ok
		}
		dir = path.Dir(dir)
	}
}

// SetMemoryLimitFromCgroup sets the soft memory limit to percent of the cgroup
// limit, unless GOMEMLIMIT is set in the environment. It returns the limit it
// set, or 0 if it left the runtime's setting alone.
func SetMemoryLimitFromCgroup(percent int64) int64 {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return 0 // an explicit setting wins
	}
	hard, ok := CgroupMemoryLimit(os.DirFS("/"))
	if !ok {
		return 0
	}
	limit := hard / 100 * percent
	debug.SetMemoryLimit(limit)
	log.Printf("soft memory limit %d MiB (%d%% of cgroup limit %d MiB)", limit>>20, percent, hard>>20)
	return limit
}
