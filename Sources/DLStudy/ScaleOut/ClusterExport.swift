import Foundation

/// Job files for schedulers that already exist, so a study spreads over a cluster without a
/// scheduler of ours: a Slurm job array and a Kubernetes Indexed Job. Each task runs one whole
/// shard — a batch of runs, `dlstudy run STUDY --shard INDEX/N` — never one task per run: a
/// scheduler built for jobs of minutes chokes on thousands of runs of seconds.
///
/// Each task writes its own output folder (`RESULTS/shard-INDEX`), so no file system needs to
/// be shared (and none needs working locks); `dlstudy merge` gathers them and `dlstudy report`
/// renders. Both files say so in their comments.
public struct ClusterExport: Sendable {
    /// The study as `dlstudy run` takes it (a name, or a study file's path as the tasks see it).
    public var study: String
    public var profile: Profile
    public var shards: Int
    /// Folder that gets one `shard-INDEX` output folder per task.
    public var results: String
    /// Cores per task (`--jobs` of each `dlstudy run`).
    public var cpus: Int
    /// Memory per task, e.g. `4G` (Slurm) / `4Gi` (Kubernetes); nil leaves the default.
    public var memory: String?
    /// Slurm wall-time limit (`HH:MM:SS`), partition; nil leaves the cluster's default.
    public var time: String?
    public var partition: String?
    /// Kubernetes: the container image that has `dlstudy` on its PATH, and the claim of the
    /// volume mounted at `results`.
    public var image: String
    public var claim: String

    public init(study: String, profile: Profile, shards: Int, results: String = "results", cpus: Int = 2, memory: String? = nil,
                time: String? = nil, partition: String? = nil, image: String = "dlstudy:latest", claim: String = "dlstudy-results") {
        self.study = study; self.profile = profile; self.shards = shards; self.results = results; self.cpus = cpus
        self.memory = memory; self.time = time; self.partition = partition; self.image = image; self.claim = claim
    }

    /// What to do once every task is done (the same for both files).
    var afterwards: [String] {
        let r = Self.shellQuoted(results)
        return ["dlstudy merge \(r)/shard-* --output \(r)/merged",
                "dlstudy report \(Self.shellQuoted(study)) --profile \(profile.rawValue) --output \(r)/merged"]
    }

    /// The job name, which also names the exported file: `dlstudy-batchsize-quick`.
    public var jobNameForFiles: String { jobName }

    /// A name fit for a job: lower-case letters, digits and dashes (`dlstudy-batchsize-quick`).
    var jobName: String {
        let base = URL(fileURLWithPath: study).deletingPathExtension().lastPathComponent.lowercased()
        var name = ""
        for c in "dlstudy-\(base)-\(profile.rawValue)" {
            if c.isASCII && (c.isLetter || c.isNumber) { name.append(c) } else if name.last != "-" { name.append("-") }
        }
        return String(name.prefix(52)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    // MARK: Slurm

    /// A job array of `shards` tasks: `--array=1-N`, so `SLURM_ARRAY_TASK_ID` is the 1-based shard.
    public func slurm() -> String {
        var lines = [
            "#!/usr/bin/env bash",
            "# dlstudy on Slurm: study \(study), profile \(profile.rawValue), \(shards) shard(s) as one job array.",
            "# Each array task trains one shard (a batch of runs) into its own folder, \(results)/shard-<task>,",
            "# so no shared file system is needed. Submit with:",
            "#",
            "#   sbatch \(jobName).slurm.sh",
            "#",
            "# When every task is done (copy the shard folders to one machine first if they are not shared):",
            "#",
        ] + afterwards.map { "#   \($0)" } + [
            "#",
            "# Or chain it: sbatch --dependency=afterok:<job id> --wrap '\(afterwards.joined(separator: " && "))'",
            "# DLSTUDY (default: dlstudy on PATH) and DLSTUDY_RESULTS override the program and the folder.",
            "#SBATCH --job-name=\(jobName)",
            "#SBATCH --array=1-\(shards)",
            "#SBATCH --cpus-per-task=\(cpus)",
            "#SBATCH --output=\(jobName)-%A_%a.log",
        ]
        if let memory { lines.append("#SBATCH --mem=\(memory)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        lines += [
            "set -euo pipefail",
            "",
            "SHARDS=\(shards)",
            "INDEX=\"${SLURM_ARRAY_TASK_ID:?is not set: submit this script with sbatch (it is a job array, --array=1-\(shards))}\"",
            "DLSTUDY=\"${DLSTUDY:-dlstudy}\"",
            "RESULTS=\"${DLSTUDY_RESULTS:-\(results)}\"",
            "",
            "exec \"$DLSTUDY\" run \(Self.shellQuoted(study)) --profile \(profile.rawValue) --shard \"$INDEX/$SHARDS\" \\",
            "  --jobs \"${SLURM_CPUS_PER_TASK:-\(cpus)}\" --output \"$RESULTS/shard-$INDEX\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Kubernetes

    /// An Indexed Job of `shards` completions. `JOB_COMPLETION_INDEX` is 0-based, shards are
    /// 1-based: the command adds one.
    public func kubernetes() -> String {
        let command = "exec dlstudy run \(Self.shellQuoted(study)) --profile \(profile.rawValue)"
            + " --shard \"$((JOB_COMPLETION_INDEX + 1))/\(shards)\" --jobs \(cpus)"
            + " --output \(Self.shellQuoted(results))/shard-\"$((JOB_COMPLETION_INDEX + 1))\""
        var resources = ["            requests:", "              cpu: \"\(cpus)\""]
        if let memory { resources.append("              memory: \(Self.yamlQuoted(memory))") }
        resources += ["            limits:", "              cpu: \"\(cpus)\""]
        if let memory { resources.append("              memory: \(Self.yamlQuoted(memory))") }
        let lines = [
            "# dlstudy on Kubernetes: study \(study), profile \(profile.rawValue), \(shards) shard(s) as one Indexed Job.",
            "# Pod k (JOB_COMPLETION_INDEX, 0-based) trains shard k+1 (a batch of runs) into \(results)/shard-<k+1>",
            "# on the volume claimed as \(claim). Start it with:",
            "#",
            "#   kubectl apply -f \(jobName).k8s.yaml",
            "#",
            "# When the Job is complete, from a pod (or a machine) that mounts the same volume:",
            "#",
        ] + afterwards.map { "#   \($0)" } + [
            "apiVersion: batch/v1",
            "kind: Job",
            "metadata:",
            "  name: \(jobName)",
            "  labels:",
            "    app.kubernetes.io/name: dlstudy",
            "spec:",
            "  completionMode: Indexed",
            "  completions: \(shards)",
            "  parallelism: \(shards)",
            "  backoffLimit: \(max(3, shards))",
            "  template:",
            "    metadata:",
            "      labels:",
            "        app.kubernetes.io/name: dlstudy",
            "    spec:",
            "      restartPolicy: Never",
            "      containers:",
            "        - name: dlstudy",
            "          image: \(Self.yamlQuoted(image))",
            "          command: [\"/bin/sh\", \"-c\"]",
            "          args:",
            "            - \(Self.yamlQuoted(command))",
            "          resources:",
        ] + resources + [
            "          volumeMounts:",
            "            - name: results",
            "              mountPath: \(Self.yamlQuoted(results))",
            "      volumes:",
            "        - name: results",
            "          persistentVolumeClaim:",
            "            claimName: \(Self.yamlQuoted(claim))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Quoting

    /// A word the shell reads back as `s`: bare when it is plainly safe, else in single quotes.
    static func shellQuoted(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_./=:@%+,".unicodeScalars.contains($0) }
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\x%02X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
