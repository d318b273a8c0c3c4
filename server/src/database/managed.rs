//! A local PostgreSQL primary and streaming replica, run from the installed
//! binaries under a data folder, on Unix sockets inside it.

use sqlx::postgres::PgConnectOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const INSTALL_HINT: &str =
    "PostgreSQL is not installed: run `sudo apt-get install postgresql` (or `make run`, which installs it).";

/// Where the PostgreSQL server programs are: PATH, or Debian's /usr/lib/postgresql/<version>/bin.
pub fn find_binaries() -> Result<PathBuf, String> {
    let complete = |dir: &Path| ["initdb", "pg_ctl", "pg_basebackup", "postgres"].iter().all(|p| dir.join(p).is_file());
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            // Follow a link to the real installation, whose folder has every program.
            let Ok(initdb) = dir.join("initdb").canonicalize() else { continue };
            if let Some(bin) = initdb.parent().filter(|bin| complete(bin)) {
                return Ok(bin.to_path_buf());
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            complete(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).ok_or_else(|| INSTALL_HINT.to_owned())
}

/// One PostgreSQL server: a data directory, and a socket directory beside it
/// (not inside: a base backup would copy the primary's socket lock to the replica).
#[derive(Debug, Clone)]
pub struct Server {
    bin: PathBuf,
    pub dir: PathBuf,
    pub socket_dir: PathBuf,
    /// PostgreSQL refuses to run as root: then it runs as this system user.
    run_as: Option<String>,
}

pub const PORT: u16 = 5432;
pub const SUPERUSER: &str = "postgres";

impl Server {
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = match &self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        };
        // Somewhere the server user may stand (the caller's folder may be private).
        if let Some(root) = self.dir.parent() {
            command.current_dir(root);
        }
        command
    }

    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let output = self.command(program).args(args).output().map_err(|e| format!("{program}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!("{program} failed: {}{}", String::from_utf8_lossy(&output.stderr), String::from_utf8_lossy(&output.stdout)))
        }
    }

    fn dir_str(&self) -> &str {
        self.dir.to_str().expect("a UTF-8 data directory")
    }

    pub fn exists(&self) -> bool {
        self.dir.join("PG_VERSION").is_file()
    }

    pub fn is_running(&self) -> bool {
        self.command("pg_ctl").args(["-D", self.dir_str(), "status"]).output().is_ok_and(|o| o.status.success())
    }

    fn prepare_dirs(&self) -> Result<(), String> {
        use std::os::unix::fs::PermissionsExt;
        for dir in [&self.dir, &self.socket_dir] {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            // PostgreSQL refuses a data directory others can read; the socket needs no more.
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(|e| e.to_string())?;
            if let Some(user) = &self.run_as {
                let status = Command::new("chown").args(["-R", user]).arg(dir).status().map_err(|e| e.to_string())?;
                if !status.success() {
                    return Err(format!("cannot give {} to {user}", dir.display()));
                }
            }
        }
        Ok(())
    }

    fn append_settings(&self, settings: &str) -> Result<(), String> {
        use std::io::Write;
        let path = self.dir.join("postgresql.auto.conf");
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        file.write_all(settings.as_bytes()).map_err(|e| e.to_string())
    }

    fn base_settings(&self, durable: bool) -> String {
        let mut settings = format!(
            "\nlisten_addresses = ''\nunix_socket_directories = '{}'\nport = {PORT}\nmax_connections = 200\nhot_standby_feedback = on\n",
            self.socket_dir.display()
        );
        if !durable {
            // Throwaway test clusters: speed over crash safety.
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        settings
    }

    pub fn start(&self) -> Result<(), String> {
        if self.is_running() {
            return Ok(());
        }
        let log = self.dir.join("server.log");
        self.run("pg_ctl", &["-D", self.dir_str(), "-l", log.to_str().unwrap_or("server.log"), "-w", "-t", "60", "start"])
    }

    pub fn stop(&self) -> Result<(), String> {
        if !self.is_running() {
            return Ok(());
        }
        self.run("pg_ctl", &["-D", self.dir_str(), "-m", "fast", "-w", "-t", "60", "stop"])
    }

    /// Connection options for `user` to `database`, over this server's socket.
    pub fn options(&self, user: &str, database: &str) -> PgConnectOptions {
        PgConnectOptions::new().socket(&self.socket_dir).port(PORT).username(user).database(database)
    }
}

/// The primary and its replica.
#[derive(Debug, Clone)]
pub struct Pair {
    pub primary: Server,
    pub replica: Option<Server>,
    /// True when this start created the primary: a new, empty database.
    pub created: bool,
    /// True when this process started the servers, and so should stop them.
    pub started_here: bool,
}

impl Pair {
    /// Starts (creating them on first use) a primary under `dir/primary` and, if asked, a replica under `dir/replica`.
    pub fn start(dir: &Path, with_replica: bool, durable: bool) -> Result<Self, String> {
        let bin = find_binaries()?;
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let dir = dir.canonicalize().map_err(|e| e.to_string())?;
        let run_as = is_root().then(|| SUPERUSER.to_owned());
        if let Some(user) = &run_as {
            // The server user must reach its directories.
            let _ = Command::new("chown").args([user, dir.to_str().unwrap_or(".")]).status();
            open_path_for(user, &dir)?;
        }
        let server = |name: &str| Server {
            bin: bin.clone(),
            dir: dir.join(name),
            socket_dir: dir.join(format!("{name}-socket")),
            run_as: run_as.clone(),
        };
        let primary = server("primary");
        let created = !primary.exists();
        let started_here = created || !primary.is_running();
        if created {
            primary.prepare_dirs()?;
            primary.run("initdb", &["-D", primary.dir_str(), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])?;
            primary.append_settings(&primary.base_settings(durable))?;
        }
        primary.start()?;
        let replica = if with_replica {
            let replica = server("replica");
            if !replica.exists() {
                replica.prepare_dirs()?;
                let primary_socket = primary.socket_dir.to_str().expect("a UTF-8 socket directory");
                replica.run(
                    "pg_basebackup",
                    &["-D", replica.dir_str(), "-h", primary_socket, "-p", &PORT.to_string(), "-U", SUPERUSER, "-R", "-X", "stream", "-c", "fast"],
                )?;
                replica.append_settings(&replica.base_settings(durable))?;
            }
            replica.start()?;
            Some(replica)
        } else {
            None
        };
        Ok(Self { primary, replica, created, started_here })
    }

    /// Stops the replica, then the primary.
    pub fn stop(&self) -> Result<(), String> {
        if let Some(replica) = &self.replica {
            replica.stop()?;
        }
        self.primary.stop()
    }
}

/// Lets `user` pass through (not list) each folder above `dir` it could not pass.
fn open_path_for(user: &str, dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let passable = |path: &Path| Command::new("runuser").args(["-u", user, "--", "test", "-x"]).arg(path).status().is_ok_and(|s| s.success());
    for folder in dir.ancestors().skip(1).collect::<Vec<_>>().into_iter().rev() {
        if passable(folder) {
            continue;
        }
        let mode = std::fs::metadata(folder).map_err(|e| e.to_string())?.permissions().mode();
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(mode | 0o001)).map_err(|e| format!("{}: {e}", folder.display()))?;
        tracing::warn!(folder = %folder.display(), "let the PostgreSQL user pass through this folder to reach its data");
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}
