package sftpd

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/pkg/sftp"
)

// resolvePath maps a client's SFTP path to a name relative to the OLO's
// root: the path is cleaned as if rooted at "/", so "..", "/../../etc" and
// absolute paths stay inside (as under a chroot). The result is always a
// clean relative path ("." for the root). Symbolic links are left to os.Root,
// which follows those that stay inside the root and refuses the others.
func resolvePath(p string) string {
	rel := strings.TrimPrefix(path.Clean("/"+p), "/")
	if rel == "" {
		return "."
	}
	return rel
}

// clientPath is the absolute path shown to the client and written to the
// audit log for a request path.
func clientPath(p string) string { return path.Clean("/" + p) }

// fsHandler serves one SFTP session of one OLO, read-only, through os.Root.
// It implements all four pkg/sftp handlers: a missing FilePut handler crashes
// pkg/sftp on the first write attempt, so writes get an explicit refusal.
type fsHandler struct {
	c    *conn
	root *os.Root
}

var (
	_ sftp.FileReader         = (*fsHandler)(nil)
	_ sftp.OpenFileWriter     = (*fsHandler)(nil)
	_ sftp.FileCmder          = (*fsHandler)(nil)
	_ sftp.FileLister         = (*fsHandler)(nil)
	_ sftp.RealPathFileLister = (*fsHandler)(nil)
	_ sftp.ReadlinkFileLister = (*fsHandler)(nil)
)

// recoverOp turns a panic in one request into a failure status for that
// request and ends the connection: pkg/sftp runs handlers in its own
// goroutines, where an unrecovered panic would stop the whole server.
func (h *fsHandler) recoverOp(op, p string, err *error) {
	if v := recover(); v != nil {
		h.c.panicked(fmt.Sprintf("sftp %s %s", op, clientPath(p)), v)
		*err = sftp.ErrSSHFxFailure
	}
}

// Fileread opens a regular file for download.
func (h *fsHandler) Fileread(r *sftp.Request) (_ io.ReaderAt, err error) {
	defer h.recoverOp("read", r.Filepath, &err)
	h.c.srv.at("sftp:read", r.Filepath)
	return h.openDownload(r.Filepath)
}

// Filewrite answers every upload: nothing is created or truncated.
func (h *fsHandler) Filewrite(r *sftp.Request) (_ io.WriterAt, err error) {
	defer h.recoverOp("write", r.Filepath, &err)
	h.c.srv.at("sftp:write", r.Filepath)
	h.c.refuse(clientPath(r.Filepath), "denied", "open for writing ("+flagString(r.Pflags())+")")
	return nil, sftp.ErrSSHFxPermissionDenied
}

// OpenFile handles an open for reading that also carries write flags, as
// some GUI clients send for downloads: an existing regular file opens for
// reading with the write flags ignored (nothing is truncated); any write on
// the handle is refused; a missing file is never created.
func (h *fsHandler) OpenFile(r *sftp.Request) (_ sftp.WriterAtReaderAt, err error) {
	defer h.recoverOp("open", r.Filepath, &err)
	h.c.srv.at("sftp:open", r.Filepath)
	fl := r.Pflags()
	if fl.Creat && fl.Excl {
		h.c.refuse(clientPath(r.Filepath), "denied", "exclusive create ("+flagString(fl)+")")
		return nil, sftp.ErrSSHFxPermissionDenied
	}
	d, err := h.openDownload(r.Filepath)
	if err != nil {
		if errors.Is(err, sftp.ErrSSHFxNoSuchFile) && fl.Creat {
			h.c.refuse(clientPath(r.Filepath), "denied", "create ("+flagString(fl)+")")
			return nil, sftp.ErrSSHFxPermissionDenied
		}
		return nil, err
	}
	return &readOnlyHandle{download: d}, nil
}

// Filecmd refuses every change to the tree. SETSTAT without a size is
// answered OK and ignored, because clients set timestamps after a download
// and would report a failed transfer otherwise; a size is a truncation and
// is refused.
func (h *fsHandler) Filecmd(r *sftp.Request) (err error) {
	defer h.recoverOp(strings.ToLower(r.Method), r.Filepath, &err)
	h.c.srv.at("sftp:"+strings.ToLower(r.Method), r.Filepath)
	p := clientPath(r.Filepath)
	switch r.Method {
	case "Setstat":
		if _, err := h.stat(r.Filepath); err != nil {
			return err
		}
		if r.AttrFlags().Size {
			h.c.refuse(p, "denied", "setstat size (truncate)")
			return sftp.ErrSSHFxPermissionDenied
		}
		h.c.refuse(p, "ignored", "setstat")
		return nil
	case "Symlink":
		// pkg/sftp puts the link's target in Filepath and the new link in Target.
		p = clientPath(r.Target)
	}
	detail := strings.ToLower(r.Method)
	if r.Target != "" && r.Method != "Symlink" {
		detail += " to " + clientPath(r.Target)
	}
	h.c.refuse(p, "denied", detail)
	return sftp.ErrSSHFxPermissionDenied
}

// Filelist serves OPENDIR (List) and STAT/LSTAT (Stat): only regular files
// and directories exist for the client.
func (h *fsHandler) Filelist(r *sftp.Request) (_ sftp.ListerAt, err error) {
	defer h.recoverOp(strings.ToLower(r.Method), r.Filepath, &err)
	h.c.srv.at("sftp:"+strings.ToLower(r.Method), r.Filepath)
	switch r.Method {
	case "List":
		return h.list(r.Filepath)
	case "Stat":
		fi, err := h.stat(r.Filepath)
		if err != nil {
			return nil, err
		}
		return listing{entryInfo{fi}}, nil
	}
	return nil, sftp.ErrSSHFxOpUnsupported
}

// RealPath canonicalises lexically inside the OLO's root: "", ".", "/" and
// ".." are "/", and the answer is always absolute.
func (h *fsHandler) RealPath(p string) (string, error) {
	return clientPath(p), nil
}

// Readlink is refused: links are not part of the served tree, and their
// target text could reveal the server's layout.
func (h *fsHandler) Readlink(string) (string, error) {
	return "", sftp.ErrSSHFxOpUnsupported
}

// LookupUserName shows the OLO's own user as owner in `ls -l` instead of
// the server's uids.
func (h *fsHandler) LookupUserName(string) string { return h.c.user }

// LookupGroupName: see LookupUserName.
func (h *fsHandler) LookupGroupName(string) string { return h.c.user }

// stat returns the info of a regular file or directory inside the root.
func (h *fsHandler) stat(p string) (fs.FileInfo, error) {
	fi, err := h.root.Stat(resolvePath(p))
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, sftp.ErrSSHFxNoSuchFile
	}
	return fi, nil
}

func (h *fsHandler) list(p string) (sftp.ListerAt, error) {
	rel := resolvePath(p)
	fi, err := h.root.Stat(rel)
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	if !fi.IsDir() {
		if fi.Mode().IsRegular() {
			return nil, sftp.ErrSSHFxFailure // OPENDIR on a file
		}
		return nil, sftp.ErrSSHFxNoSuchFile // a FIFO would block a plain open
	}
	f, err := h.root.OpenFile(rel, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	defer f.Close()
	// Readdir stats entries relative to the open directory (fstatat), so
	// nothing is looked up by path outside the root.
	infos, err := f.Readdir(-1)
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	out := make(listing, 0, len(infos))
	for _, e := range infos {
		if e.Mode().IsRegular() || e.IsDir() {
			out = append(out, entryInfo{e})
		}
	}
	slices.SortFunc(out, func(a, b fs.FileInfo) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

func (h *fsHandler) openDownload(p string) (*download, error) {
	rel := resolvePath(p)
	fi, err := h.root.Stat(rel)
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	switch {
	case fi.IsDir():
		return nil, sftp.ErrSSHFxFailure
	case !fi.Mode().IsRegular():
		return nil, sftp.ErrSSHFxNoSuchFile
	}
	// O_NONBLOCK: should the name become a FIFO after the Stat, opening it
	// must not hang the worker.
	f, err := h.root.OpenFile(rel, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, h.fsErr(p, err)
	}
	fi, err = f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, sftp.ErrSSHFxNoSuchFile
	}
	return &download{h: h, f: f, path: clientPath(p), size: fi.Size()}, nil
}

// fsErr maps file-system errors to SFTP statuses without the server's own
// paths in the message. Anything that is not a permission problem, including
// an escape attempt refused by os.Root, is "no such file", as under a chroot.
func (h *fsHandler) fsErr(p string, err error) error {
	h.c.log().Debug("sftp path refused", "path", clientPath(p), "err", err)
	if errors.Is(err, fs.ErrPermission) {
		return sftp.ErrSSHFxPermissionDenied
	}
	return sftp.ErrSSHFxNoSuchFile
}

// download is an open file handle; it records the bytes actually read out
// and writes the audit line when pkg/sftp closes the handle (CLOSE, or the
// end of the connection).
type download struct {
	h    *fsHandler
	f    *os.File
	path string
	size int64

	sent        atomic.Int64
	interrupted atomic.Bool
	once        sync.Once
}

// ReadAt is called concurrently by pkg/sftp's workers; *os.File.ReadAt is
// safe for that.
func (d *download) ReadAt(b []byte, off int64) (int, error) {
	n, err := d.f.ReadAt(b, off)
	d.sent.Add(int64(n))
	return n, err
}

// TransferError is called by pkg/sftp when the connection ends with the
// handle still open.
func (d *download) TransferError(error) { d.interrupted.Store(true) }

func (d *download) Close() error {
	var err error
	d.once.Do(func() {
		err = d.f.Close()
		sent := d.sent.Load()
		result := "complete"
		switch {
		case d.interrupted.Load():
			result = "interrupted"
		case sent < d.size:
			result = "partial"
		}
		d.h.c.downloaded(d.path, sent, result, d.size)
	})
	return err
}

// readOnlyHandle is a download opened with write flags: reads work, writes
// are refused (audited once per handle).
type readOnlyHandle struct {
	*download
	refused atomic.Bool
}

func (r *readOnlyHandle) WriteAt([]byte, int64) (int, error) {
	if !r.refused.Swap(true) {
		r.h.c.refuse(r.path, "denied", "write on a handle opened with write flags")
	}
	return 0, sftp.ErrSSHFxPermissionDenied
}

// listing is a directory snapshot taken at OPENDIR. ListAt pages it so each
// READDIR answer stays within the 32 KiB packet, and returns io.EOF with the
// last page, so entries are never repeated.
type listing []fs.FileInfo

// listPageBudget bounds the bytes of one READDIR answer (names, long names,
// attributes) below the 32 KiB SFTP packet.
const listPageBudget = 28 * 1024

func (l listing) ListAt(buf []fs.FileInfo, off int64) (int, error) {
	if off < 0 || off >= int64(len(l)) {
		return 0, io.EOF
	}
	n, used := 0, 0
	for _, fi := range l[off:] {
		if n == len(buf) {
			break
		}
		// the name twice (name and long name), the ls columns, the attributes
		cost := 2*len(fi.Name()) + 128
		if n > 0 && used+cost > listPageBudget {
			break
		}
		buf[n] = fi
		n++
		used += cost
	}
	if off+int64(n) >= int64(len(l)) {
		return n, io.EOF
	}
	return n, nil
}

// entryInfo presents a file as the read-only tree the OLO sees: modes
// r--r--r-- / r-xr-xr-x and no server uid/gid.
type entryInfo struct{ fs.FileInfo }

func (e entryInfo) Mode() fs.FileMode {
	if e.FileInfo.IsDir() {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (e entryInfo) Sys() any    { return nil }
func (e entryInfo) Uid() uint32 { return 0 }
func (e entryInfo) Gid() uint32 { return 0 }

func flagString(f sftp.FileOpenFlags) string {
	var s []string
	for _, x := range []struct {
		on   bool
		name string
	}{{f.Read, "read"}, {f.Write, "write"}, {f.Append, "append"}, {f.Creat, "creat"}, {f.Trunc, "trunc"}, {f.Excl, "excl"}} {
		if x.on {
			s = append(s, x.name)
		}
	}
	return strings.Join(s, "|")
}
