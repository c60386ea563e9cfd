// `ahenk compare`: trains several configs (any arch) on the same data under the same budget and
// tabulates what a fair comparison needs: validation bits per byte, tokens/s, parameters, peak
// memory and compute per token (FLOPs, or synaptic operations for the spiking model).
//
// Each config trains in its own child process (`ahenk train --json`), so its peak memory is its
// own (wait4's maximum resident set) and a crash in one does not take the others with it.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "session_record.h"
#include "resources_path.h"

extern char** environ;

namespace ahenk::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct ChildResult {
  int status = -1;
  double peak_mib = 0;
  std::string out, err;
};

// Runs argv with stdout/stderr captured to files in `dir`; returns the exit status and peak RSS.
ChildResult run_child(const std::vector<std::string>& args, const fs::path& dir) {
  ChildResult r;
  fs::path out = dir / "train.jsonl", err = dir / "train.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw std::runtime_error("cannot start a training process: " + std::string(strerror(rc)));
  struct rusage usage {};
  int status = 0;
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.peak_mib = double(usage.ru_maxrss) / 1024.0;
  std::ifstream o(out), e(err);
  std::stringstream so, se;
  so << o.rdbuf();
  se << e.rdbuf();
  r.out = so.str();
  r.err = se.str();
  return r;
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

void add_compare_command(CLI::App& app, Runner& run) {
  struct Options {
    std::vector<std::string> configs, presets, data, sets;
    std::string tokenizer, out;
    double max_time = 60;
    std::int64_t max_steps = -1;
    int threads = 0;
    bool json = false;
    SessionCli session;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "compare",
      "Train several configs (transformer, mamba, spiking) on the same data and budget; tabulate "
      "bits per byte, tokens/s, parameters, peak memory and compute per token");
  cmd->add_option("--config", o->configs, "A config JSON (repeatable)");
  cmd->add_option("--preset", o->presets, "A preset name (repeatable): S, mamba-S, spiking-S...");
  cmd->add_option("--data", o->data, "Text or token files, as for 'ahenk train'")->required();
  cmd->add_option("--tokenizer", o->tokenizer, "tokenizer.json for text --data");
  cmd->add_option("--set", o->sets, "A setting applied to every config (train.batch_size=8)");
  cmd->add_option("--max-time", o->max_time,
                  "Seconds of training per config (default 60); a run also ends at its config's "
                  "max_steps, which shapes its learning-rate schedule");
  cmd->add_option("--max-steps", o->max_steps, "Set every config's max_steps to this");
  cmd->add_option("-o,--out", o->out, "Folder for each run's checkpoint and the table")->required();
  cmd->add_option("-j,--threads", o->threads, "Threads per run (0: one per core)");
  cmd->add_flag("--json", o->json, "Print the table as JSON");
  add_session_options(cmd, o->session);
  cmd->callback([&run, o] {
    run = recorded(
        [o] {
          nlohmann::json config = {{"configs", o->configs},    {"presets", o->presets},
                                   {"data", o->data},          {"tokenizer", o->tokenizer},
                                   {"sets", o->sets},          {"max_time", o->max_time},
                                   {"max_steps", o->max_steps}};
          return RecordPlan{o->session, {.kind = "compare", .config = config}, o->data};
        },
        [o]() -> int {
          struct Entry {
            std::string name, flag, value;
          };
          std::vector<Entry> entries;
          for (const auto& c : o->configs)
            entries.push_back({fs::path(c).stem().string(), "--config", c});
          for (const auto& p : o->presets) entries.push_back({p, "--preset", p});
          if (entries.size() < 2)
            throw std::runtime_error("compare needs at least two --config or --preset");
          if (!(o->max_time > 0)) throw std::runtime_error("--max-time must be positive");
          fs::create_directories(o->out);
          Json rows = Json::array();
          for (std::size_t i = 0; i < entries.size(); ++i) {
            const auto& e = entries[i];
            std::string name = e.name;
            for (std::size_t j = 0; j < i; ++j)
              if (entries[j].name == e.name) name += "-" + std::to_string(i);
            fs::path dir = fs::path(o->out) / name;
            fs::create_directories(dir);
            std::vector<std::string> args = {"ahenk",
                                             "train",
                                             "--json",
                                             e.flag,
                                             e.value,
                                             "--out",
                                             (dir / "checkpoint").string(),
                                             "--max-time",
                                             std::to_string(o->max_time)};
            for (const auto& d : o->data) {
              args.push_back("--data");
              args.push_back(d);
            }
            if (!o->tokenizer.empty()) {
              args.push_back("--tokenizer");
              args.push_back(o->tokenizer);
            }
            args.insert(args.end(),
                        {"--set", "train.eval_interval=0", "--set", "train.checkpoint_interval=0"});
            for (const auto& s : o->sets) args.insert(args.end(), {"--set", s});
            if (o->max_steps >= 0)
              args.insert(args.end(), {"--max-steps", std::to_string(o->max_steps)});
            if (o->threads > 0) args.insert(args.end(), {"-j", std::to_string(o->threads)});
            // Each config is a run of the session, a child of this comparison.
            if (auto* rec = current_record())
              args.insert(args.end(), {"--session", rec->file().string(), "--parent-run",
                                       std::to_string(rec->id())});
            else
              args.push_back("--no-session");
            std::fprintf(stderr, "ahenk compare: %s (%zu/%zu), %.0f s ...\n", name.c_str(), i + 1,
                         entries.size(), o->max_time);
            ChildResult r = run_child(args, dir);
            Json row = {{"name", name}, {"source", e.value}};
            nlohmann::json final;
            std::istringstream lines(r.out);
            for (std::string line; std::getline(lines, line);)
              if (line.rfind("{", 0) == 0) {
                auto j = nlohmann::json::parse(line, nullptr, false);
                if (j.is_object() && j.value("final", false)) final = j;
              }
            if (r.status != 0 || final.is_null()) {
              std::string tail = r.err.size() > 600 ? r.err.substr(r.err.size() - 600) : r.err;
              std::fprintf(stderr, "ahenk compare: %s failed (exit %d); its log is %s:\n%s\n",
                           name.c_str(), r.status, (dir / "train.log").c_str(), tail.c_str());
              row["error"] = "exit " + std::to_string(r.status);
              rows.push_back(row);
              continue;
            }
            row["arch"] = final["arch"];
            row["parameters"] = final["parameters"];
            row["steps"] = final["step"];
            row["tokens_per_s"] = final["tokens_per_s"];
            row["val_loss"] = final["val_loss"];
            row["val_bpb"] = final["val_bpb"];
            row["peak_mib"] = std::round(r.peak_mib);
            row["forward_flops_per_token"] = final["forward_flops_per_token"];
            if (final.contains("synaptic_ops_per_token")) {
              row["synaptic_ops_per_token"] = final["synaptic_ops_per_token"];
              row["dense_mlp_flops_per_token"] = final["dense_mlp_flops_per_token"];
            }
            row["checkpoint"] = final["checkpoint"];
            rows.push_back(row);
          }
          Json table = {{"max_time_s", o->max_time}, {"data", o->data}, {"runs", rows}};
          std::ofstream(fs::path(o->out) / "compare.json") << table.dump(2) << "\n";
          std::ostringstream md;
          md << "| run | arch | parameters | steps | tokens/s | val loss | val bits/byte | peak "
                "MiB | "
                "forward MFLOP/token | synaptic ops/token (dense MLP MFLOP) |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n";
          for (const auto& r : rows) {
            if (r.contains("error")) {
              md << "| " << r["name"].get<std::string>()
                 << " | failed: " << r["error"].get<std::string>() << " |||||||||\n";
              continue;
            }
            auto num = [](const Json& v, const char* f) {
              return v.is_number() ? fmt(f, v.get<double>()) : std::string("n/a");
            };
            md << "| " << r["name"].get<std::string>() << " | " << r["arch"].get<std::string>()
               << " | " << r["parameters"].get<std::int64_t>() << " | "
               << r["steps"].get<std::int64_t>() << " | " << num(r["tokens_per_s"], "%.0f") << " | "
               << num(r["val_loss"], "%.4f") << " | " << num(r["val_bpb"], "%.4f") << " | "
               << num(r["peak_mib"], "%.0f") << " | "
               << fmt("%.2f", r["forward_flops_per_token"].get<double>() / 1e6) << " | ";
            if (r.contains("synaptic_ops_per_token"))
              md << fmt("%.3g", r["synaptic_ops_per_token"].get<double>()) << " ("
                 << fmt("%.2f", r["dense_mlp_flops_per_token"].get<double>() / 1e6) << ")";
            md << " |\n";
          }
          std::ofstream(fs::path(o->out) / "compare.md") << md.str();
          if (o->json)
            std::printf("%s\n", table.dump().c_str());
          else
            std::printf("%s\nsaved %s and compare.md; checkpoints under %s\n", md.str().c_str(),
                        (fs::path(o->out) / "compare.json").c_str(), o->out.c_str());
          if (auto* rec = current_record()) {
            rec->outputs({{"runs", rows}});
            rec->artifact("report", fs::path(o->out) / "compare.json");
            rec->artifact("report", fs::path(o->out) / "compare.md");
          }
          for (const auto& r : rows)
            if (r.contains("error")) return 1;
          return 0;
        });
  });
}

}  // namespace ahenk::cli
