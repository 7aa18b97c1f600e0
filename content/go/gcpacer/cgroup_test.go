package gcpacer

import (
	"testing"
	"testing/fstest"
)

func TestCgroupMemoryLimit(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
		want int64
		ok   bool
	}{
		{"private namespace", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("1073741824\n"),
		}, 1 << 30, true},
		{"no limit", fstest.MapFS{
			"proc/self/cgroup":         file("0::/\n"),
			"sys/fs/cgroup/memory.max": file("max\n"),
		}, 0, false},
		{"host namespace, memory.high tighter, parent looser", fstest.MapFS{
			"proc/self/cgroup":                            file("0::/kubepods/pod1/ctr\n"),
			"sys/fs/cgroup/kubepods/pod1/ctr/memory.max":  file("2147483648\n"),
			"sys/fs/cgroup/kubepods/pod1/ctr/memory.high": file("1610612736\n"),
			"sys/fs/cgroup/kubepods/pod1/memory.max":      file("4294967296\n"),
			"sys/fs/cgroup/kubepods/memory.max":           file("max\n"),
		}, 1610612736, true},
		{"limit on the parent only", fstest.MapFS{
			"proc/self/cgroup":                    file("0::/app/worker\n"),
			"sys/fs/cgroup/app/worker/memory.max": file("max\n"),
			"sys/fs/cgroup/app/memory.max":        file("536870912\n"),
		}, 536870912, true},
		{"cgroup v1", fstest.MapFS{
			"proc/self/cgroup": file("12:memory:/docker/abc\n"),
		}, 0, false},
		{"no proc", fstest.MapFS{}, 0, false},
	} {
		got, ok := CgroupMemoryLimit(tc.fs)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: got %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
