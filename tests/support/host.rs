//! Programs of the machine that runs the tests (python3, node, openssl): started directly, or,
//! when the test binary is a Windows process under Wine (`TUANLE_TEST_HOST` set by
//! scripts/windows.sh), by the Linux side's broker (tests/support/host_broker.py), since Wine
//! gives a Windows process no handle to a Linux program it starts.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

const BROKER_ENV: &str = "TUANLE_TEST_HOST";

/// A program to start on the test machine, with its arguments.
pub struct Host {
    argv: Vec<String>,
    cwd: Option<PathBuf>,
}

/// What a finished program printed and whether it succeeded.
pub struct HostOutput {
    pub success: bool,
    pub stdout: Vec<u8>,
}

impl Host {
    pub fn new(program: &str) -> Self {
        Self { argv: vec![program.to_owned()], cwd: None }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.argv.push(arg.as_ref().to_string_lossy().into_owned());
        self
    }

    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        for a in args {
            self = self.arg(a);
        }
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    /// Runs it to the end.
    pub fn output(self) -> HostOutput {
        let mut child = self.spawn();
        let mut stdout = Vec::new();
        child.out.read_to_end(&mut stdout).expect("program output");
        let success = child.wait() == 0;
        HostOutput { success, stdout }
    }

    /// Starts it; the program is killed when the returned child is dropped.
    pub fn spawn(self) -> HostChild {
        match std::env::var(BROKER_ENV) {
            Ok(address) => {
                let mut stream = TcpStream::connect(&address).expect("the host broker (scripts/windows.sh starts it)");
                let request = serde_json::json!({ "argv": self.argv, "cwd": self.cwd.map(|p| p.display().to_string()) });
                writeln!(stream, "{request}").expect("request to the host broker");
                let reader = Frames { stream: stream.try_clone().expect("socket"), left: 0, code: None };
                HostChild { out: BufReader::new(Out::Broker(reader)), local: None, _stream: Some(stream) }
            }
            Err(_) => {
                let mut command = Command::new(&self.argv[0]);
                command.args(&self.argv[1..]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
                if let Some(dir) = &self.cwd {
                    command.current_dir(dir);
                }
                let mut child = command.spawn().unwrap_or_else(|e| panic!("{}: {e}", self.argv[0]));
                let out = child.stdout.take().expect("piped stdout");
                HostChild { out: BufReader::new(Out::Local(out)), local: Some(child), _stream: None }
            }
        }
    }
}

/// A started program: its standard output, read line by line.
pub struct HostChild {
    out: BufReader<Out>,
    local: Option<Child>,
    _stream: Option<TcpStream>,
}

impl HostChild {
    pub fn read_line(&mut self) -> String {
        let mut line = String::new();
        self.out.read_line(&mut line).expect("program output");
        line
    }

    /// Waits for the end (after its output was read whole) and returns the exit code.
    fn wait(&mut self) -> i32 {
        match (&mut self.local, self.out.get_ref()) {
            (Some(child), _) => child.wait().expect("wait").code().unwrap_or(-1),
            (None, Out::Broker(frames)) => frames.code.unwrap_or(-1),
            (None, Out::Local(_)) => -1,
        }
    }
}

impl Drop for HostChild {
    fn drop(&mut self) {
        // Through the broker, closing the connection (dropping the stream) kills the program.
        if let Some(child) = &mut self.local {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

enum Out {
    Local(ChildStdout),
    Broker(Frames),
}

impl Read for Out {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Out::Local(out) => out.read(buf),
            Out::Broker(frames) => frames.read(buf),
        }
    }
}

/// The broker's frames: b"O" + u32 length + bytes of output, then b"X" + i32 exit code.
struct Frames {
    stream: TcpStream,
    left: usize,
    code: Option<i32>,
}

impl Read for Frames {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.left == 0 {
            if self.code.is_some() {
                return Ok(0);
            }
            let mut head = [0u8; 5];
            self.stream.read_exact(&mut head)?;
            let value = [head[1], head[2], head[3], head[4]];
            match head[0] {
                b'O' => self.left = u32::from_le_bytes(value) as usize,
                b'X' => self.code = Some(i32::from_le_bytes(value)),
                other => return Err(std::io::Error::other(format!("host broker sent {other}"))),
            }
        }
        let n = buf.len().min(self.left);
        let n = self.stream.read(&mut buf[..n])?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n;
        Ok(n)
    }
}
