#!/usr/bin/env bash
# Mutation testing of the numerical core with Stryker.NET 5.1.0: each group of files that decides a number is
# mutated (a `+` becomes `-`, a `>=` becomes `>`, a check is deleted, ...) and the tests are run against every
# mutant. A mutant the tests do not notice "survives"; the score is killed / (killed + survived + not covered).
# Every group runs twice: once with OpenCL present and once with it hidden (OCL_ICD_VENDORS pointing at an empty
# folder), because without an OpenCL device the agreement fixtures drop out and the CPU kernels must be held to
# their numbers by the CPU tests alone. Prints one score per group and mode. Not part of the test command: a full
# run takes about an hour on two quiet cores, and several under load (the mutants that the lesson and training tests
# reach are each run against about a thousand tests); run it at nice 19 on a shared machine.
#
#   bash scripts/mutation.sh                    every group, OpenCL present and hidden
#   bash scripts/mutation.sh losses optim       only these groups
#   MODES=hidden bash scripts/mutation.sh       only one mode (present | hidden)
#   CONCURRENCY=2 bash scripts/mutation.sh      test runners in parallel (default 1)
#   FILTER='FullyQualifiedName~Loss' ...        only the tests a dotnet-test filter selects (see below)
#   TESTS='Cpu/GemmTests.cs' ...                only these test files (under tests/Lessons.Tests; see below)
#
# Reports (HTML and JSON, one per mode and project) land in out/mutation/<mode>/<project>/.
# Needs: dotnet-stryker 5.1.0 (dotnet tool install -g dotnet-stryker --version 5.1.0) and jq.
set -euo pipefail
shopt -s globstar
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$PATH:$HOME/.dotnet/tools" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v dotnet-stryker >/dev/null || {
  echo "mutation: dotnet-stryker is not installed: dotnet tool install -g dotnet-stryker --version 5.1.0" >&2
  exit 2
}
command -v jq >/dev/null || { echo "mutation: jq is needed to count the results: sudo apt-get install jq" >&2; exit 2; }

core=src/Core
cpu=src/Backends/Cpu
# group name → "project-folder:glob ..." (globs relative to the repository root). The convolution group names
# the files by pattern, so it picks up the convolution and pooling code once it exists and is empty until then.
declare -A groups=(
  [gradient-rules]="$core:Autograd/GradientRules.cs"
  [losses]="$core:Losses/*.cs"
  [optim]="$core:Optim/*.cs"
  [cpu-elementwise]="$cpu:ElementWise.cs $cpu:Reductions.cs $cpu:SoftmaxRows.cs"
  [cpu-fused]="$cpu:Fused.cs"
  [cpu-gemm]="$cpu:Gemm.cs $cpu:Gemm.MicroKernel.cs $cpu:Gemm.Packing.cs $cpu:Gemm.Skinny.cs $cpu:Gemm.WorkList.cs"
  [conv]="$core:**/*Convolution*.cs $core:**/Conv2d*.cs $core:**/*Pool2d*.cs $core:**/*Pooling*.cs
          $cpu:*Conv*.cs $cpu:*Pool2d*.cs $cpu:*Pooling*.cs $cpu:*Im2Col*.cs"
)
order=(gradient-rules losses optim cpu-elementwise cpu-fused cpu-gemm conv)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=("${order[@]}")
for g in "${selected[@]}"; do
  [ -n "${groups[$g]+x}" ] || { echo "mutation: unknown group '$g' (known: ${order[*]})" >&2; exit 2; }
done
read -r -a modes <<<"${MODES:-present hidden}"

# The whole suite runs by default: Stryker 5.1.0 counts a test it discovered but that a --test-case-filter kept
# from running as unfinished, and gives up ("Initial test run could not be completed"). Coverage analysis
# (perTest, Stryker's default) still runs each mutant against only the tests that reach it.
filter=${FILTER:-}
empty_vendors=$(mktemp -d)
trap 'rm -rf "$empty_vendors"' EXIT

# TESTS: a test project of its own with only these files (and the shared Support folder) runs instead of the
# whole suite. The kernels a whole-suite run would mutate (the GEMM, the element-wise loops) are in every training
# test's inner loops; with them mutated and instrumented, the coverage pass alone did not finish in 15 minutes. A
# subset can only kill fewer mutants than the whole suite, so its score is a lower bound of the suite's.
test_dir=tests/Lessons.Tests
if [ -n "${TESTS:-}" ]; then
  test_dir=out/mutation/subset
  mkdir -p "$test_dir"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup>'
    echo '    <IsTestProject>true</IsTestProject><RootNamespace>Lessons.Tests</RootNamespace>'
    echo '    <NoWarn>$(NoWarn);CS1591</NoWarn><EnableDefaultCompileItems>false</EnableDefaultCompileItems>'
    echo '  </PropertyGroup>'
    echo '  <ItemGroup>'
    for project in src/Core/Lessons.Core.csproj src/Backends/Cpu/Lessons.Backends.Cpu.csproj \
        src/Backends/OpenCl/Lessons.Backends.OpenCl.csproj src/Lessons/Lessons.csproj; do
      echo "    <ProjectReference Include=\"$root/$project\" />"
    done
    for package in Microsoft.NET.Test.Sdk NUnit NUnit3TestAdapter FluentAssertions MathNet.Numerics \
        Microsoft.CodeAnalysis.CSharp; do
      echo "    <PackageReference Include=\"$package\" />"
    done
    echo "    <Compile Include=\"$root/tests/Lessons.Tests/Support/*.cs\" />"
    echo "    <Compile Include=\"$root/tests/Lessons.Tests/OpenCl/OpenClTestDevice.cs\" />"
    for file in $TESTS; do
      echo "    <Compile Include=\"$root/tests/Lessons.Tests/$file\" />"
    done
    for folder in Reference Ops; do # the PyTorch values some tests read at run time, where they look for them
      echo "    <None Include=\"$root/tests/Lessons.Tests/$folder/*.json\" Link=\"$folder/%(Filename)%(Extension)\""
      echo '          CopyToOutputDirectory="PreserveNewest" />'
    done
    echo '    <Using Include="NUnit.Framework" /><Using Include="FluentAssertions" />'
    echo '  </ItemGroup>'
    echo '</Project>'
  } >"$test_dir/Lessons.Tests.csproj" # the assembly name the libraries open their internals to
fi

# One Stryker run per mode and project, mutating every selected group's files of that project at once (one
# build and one initial test run instead of one per group), then one score per group from the report's files.
declare -A files_of=() # group → "project/glob ..." that exist now
projects=()
for group in "${selected[@]}"; do
  for entry in ${groups[$group]}; do
    project=${entry%%:*} glob=${entry#*:}
    # A glob that matches no file (the convolution group before it exists) is left out.
    compgen -G "$project/$glob" >/dev/null || continue
    files_of[$group]+=" $project/$glob"
    [[ " ${projects[*]} " == *" $project "* ]] || projects+=("$project")
  done
done

printf '%-16s %-8s %7s  %s\n' group mode score "killed/survived/no coverage (timeouts count as killed)"
for mode in "${modes[@]}"; do
  reports=()
  for project in "${projects[@]}"; do
    csproj=$(ls "$project"/*.csproj)
    out="$root/out/mutation/$mode/$(basename "$csproj" .csproj)"
    rm -rf "$out"
    mkdir -p "$out"
    args=(--project "$(basename "$csproj")" --concurrency "${CONCURRENCY:-1}" --configuration Release
      --reporter json --reporter html --reporter cleartext --reporter progress --output "$out" --log-to-file
      --skip-version-check) # progress: stryker.log shows how many mutants are done while it runs
    for group in "${selected[@]}"; do
      for path in ${files_of[$group]:-}; do
        [[ $path == "$project"/* ]] && args+=(--mutate "**/${path#"$project"/}")
      done
    done
    [ -n "$filter" ] && args+=(--test-case-filter "$filter")
    env=(env -u CI)
    # No platform: the backend-parameterized fixtures run on the CPU alone, the OpenCL fixtures ignore themselves.
    [ "$mode" = hidden ] && env+=(OCL_ICD_VENDORS="$empty_vendors")
    (cd "$test_dir" && "${env[@]}" dotnet-stryker "${args[@]}") >"$out/stryker.log" 2>&1 || {
      echo "mutation: Stryker failed on $project ($mode); see $out/stryker.log" >&2
      tail -n 20 "$out/stryker.log" >&2
      exit 1
    }
    reports+=("$(find "$out" -name mutation-report.json | head -n 1)")
  done

  for group in "${selected[@]}"; do
    if [ -z "${files_of[$group]:-}" ]; then
      printf '%-16s %-8s %7s  %s\n' "$group" "$mode" "-" "no files yet"
      continue
    fi
    killed=0 survived=0 nocov=0
    for report in "${reports[@]}"; do
      while IFS=$'\t' read -r file k s n; do
        for path in ${files_of[$group]}; do
          # shellcheck disable=SC2053 # the right side is a glob on purpose
          if [[ $file == */$path ]]; then
            killed=$((killed + k)) survived=$((survived + s)) nocov=$((nocov + n))
            break
          fi
        done
      done < <(jq -r '.files | to_entries[] | [.key,
          ([.value.mutants[] | select(.status == "Killed" or .status == "Timeout")] | length),
          ([.value.mutants[] | select(.status == "Survived")] | length),
          ([.value.mutants[] | select(.status == "NoCoverage")] | length)] | @tsv' "$report")
    done
    counted=$((killed + survived + nocov))
    score=$(awk -v k="$killed" -v n="$counted" 'BEGIN { if (n == 0) print "-"; else printf "%.1f %%", 100 * k / n }')
    printf '%-16s %-8s %7s  %s\n' "$group" "$mode" "$score" "$killed/$survived/$nocov"
  done

  # One line per survivor, to judge each against docs/testing.md's list of the equivalent ones.
  for report in "${reports[@]}"; do
    jq -r --arg root "$root/" '.files | to_entries[] | (.key | ltrimstr($root)) as $file | .value.mutants[]
        | select(.status == "Survived" or .status == "NoCoverage")
        | "\($file):\(.location.start.line) \(.status) \(.mutatorName): \(.replacement | gsub("\\s+"; " "))"' \
      "$report"
  done >"$root/out/mutation/$mode/survivors.txt"
done
echo "Each survivor: out/mutation/<mode>/survivors.txt, or the HTML report in out/mutation/<mode>/<project>/reports/"
