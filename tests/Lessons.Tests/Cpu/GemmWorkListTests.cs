using Lessons.Backends;
using Lessons.Backends.Cpu;

namespace Lessons.Tests.Cpu;

/// <summary>
/// The blocked product's work list: how a product is cut into steps (<c>Gemm.Plan</c>), the order the cores take
/// them in, and the two waits that keep every element of C summed slice after slice whichever core runs a step.
/// </summary>
public sealed class GemmWorkListTests
{
    private static readonly int Cores = Environment.ProcessorCount;

    private static IEnumerable<TestCaseData> Plans() =>
        from shape in new[]
        {
            new MatMulShape(1024, 1024, 1024), new MatMulShape(64, 784, 128), new MatMulShape(40, 300, 260),
            new MatMulShape(70, 300, 1100), new MatMulShape(13, 40, 20), new MatMulShape(1, 33, 257),
        }
        select new TestCaseData(shape).SetArgDisplayNames($"{shape.M}x{shape.K}@{shape.K}x{shape.N}");

    [Test]
    public void A_1024_cube_is_four_slices_of_86_rows_of_micro_panels_and_four_pack_steps_each()
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(1024, 1024, 1024));

        plan.Slices.Should().Be(4);
        plan.RowPanels.Should().Be(86, "1024 rows are 85 micro-panels of 12 and one of 4");
        plan.Panels.Should().Be(32);
        plan.PackSteps.Should().Be(4, "8 panels of 32 columns a step, 256 KiB");
        plan.RowsPerStep.Should().Be(1, "a row of micro-panels is already 6.3 MFLOP");
        plan.ColumnBlocks.Should().Be(1, "86 rows of micro-panels are plenty for every core");
        plan.MultiplySteps.Should().Be(86);
        plan.RowSteps.Should().Be(86);
        plan.Workers.Should().Be(Cores);
    }

    [TestCase(1024)]
    [TestCase(2560)]
    public void A_product_of_one_row_of_micro_panels_splits_its_columns_into_four_blocks_a_core(int n)
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(12, n, 1024));

        var panels = n / 32;
        plan.RowSteps.Should().Be(1);
        var perBlock = Cores == 1 ? panels : (panels + (4 * Cores) - 1) / (4 * Cores);
        plan.PanelsPerBlock.Should().Be(perBlock, "the panels are shared evenly, 10 a block for 80 on two cores");
        plan.ColumnBlocks.Should().Be((panels + perBlock - 1) / perBlock);
        ((plan.ColumnBlocks - 1) * plan.PanelsPerBlock).Should().BeLessThan(panels, "no block is empty");
    }

    [Test]
    public void A_small_product_takes_several_rows_of_micro_panels_a_step_and_packs_a_slice_in_one()
    {
        // The MLP's weight gradient, Gᵀ·X: 784 rows, 128 columns, K = 64. A row of micro-panels is 0.2 MFLOP, so
        // 11 of them make a step of at least 2 MFLOP; its 4 packed panels of B are 32 KiB, one pack step.
        var plan = Gemm.Plan.For<float>(new MatMulShape(784, 128, 64, TransA: true));

        plan.RowPanels.Should().Be(66);
        plan.RowsPerStep.Should().Be(11);
        plan.RowSteps.Should().Be(6);
        plan.ColumnBlocks.Should().Be(1);
        plan.PackSteps.Should().Be(1);
    }

    [Test]
    public void A_product_under_three_million_flop_is_one_worker_with_one_column_block()
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(100, 100, 100));

        plan.Workers.Should().Be(1);
        plan.ColumnBlocks.Should().Be(1);
        plan.PanelsPerBlock.Should().Be(4);
    }

    [TestCaseSource(nameof(Plans))]
    public void Every_step_is_taken_once_and_each_slice_is_packed_before_any_of_its_multiply_steps(MatMulShape shape)
    {
        var plan = Gemm.Plan.For<float>(shape);
        var work = new Gemm.WorkList(plan);

        var steps = new List<Gemm.Step>();
        while (work.TryTake(out var step))
        {
            steps.Add(step);
        }

        steps.Should().HaveCount(plan.Slices * (plan.PackSteps + plan.MultiplySteps));
        steps.Should().OnlyHaveUniqueItems();
        work.TryTake(out _).Should().BeFalse("the list stays empty once every step is taken");
        for (var slice = 0; slice < plan.Slices; slice++)
        {
            var packs = steps.FindAll(s => s.Pack && s.Slice == slice).ConvertAll(s => s.Index);
            var multiplies = steps.FindAll(s => !s.Pack && s.Slice == slice).ConvertAll(s => s.Index);
            packs.Should().Equal(Enumerable.Range(0, plan.PackSteps));
            multiplies.Should().Equal(Enumerable.Range(0, plan.MultiplySteps));
            var lastPack = steps.FindLastIndex(s => s.Pack && s.Slice == slice);
            var firstMultiply = steps.FindIndex(s => !s.Pack && s.Slice == slice);
            lastPack.Should().BeLessThan(firstMultiply, $"slice {slice} is packed before it is multiplied");
            if (slice > 0)
            {
                var lastOfPrevious = steps.FindLastIndex(s => !s.Pack && s.Slice == slice - 1);
                lastPack.Should().BeLessThan(steps.FindIndex(s => !s.Pack && s.Slice == slice - 1),
                    $"slice {slice} is packed ahead, before the multiply steps of slice {slice - 1}");
                lastOfPrevious.Should().BeLessThan(firstMultiply, "the slices are multiplied in order");
            }
        }
    }

    [Test]
    public void Taken_from_every_core_at_once_each_step_still_goes_to_exactly_one_of_them()
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(1024, 1024, 1024));
        var work = new Gemm.WorkList(plan);
        var taken = new System.Collections.Concurrent.ConcurrentBag<Gemm.Step>();

        Parallel.For(0, 8, _ =>
        {
            while (work.TryTake(out var step))
            {
                taken.Add(step);
            }
        });

        taken.Should().HaveCount(plan.Slices * (plan.PackSteps + plan.MultiplySteps));
        taken.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void A_multiply_step_waits_until_every_pack_step_of_its_slice_is_done()
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(1024, 1024, 1024));
        var work = new Gemm.WorkList(plan);
        for (var i = 0; i < plan.PackSteps - 1; i++)
        {
            work.Packed(1);
        }

        var waiting = Task.Run(() => work.WaitForSlice(1));

        waiting.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse("one pack step of slice 1 is not done");
        work.Packed(0);
        waiting.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse("slice 0's packing does not count for 1");
        work.Packed(1);
        waiting.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
    }

    [Test]
    public void A_multiply_step_waits_until_the_previous_slices_are_added_into_its_rows_of_c()
    {
        var plan = Gemm.Plan.For<float>(new MatMulShape(1024, 1024, 1024));
        var work = new Gemm.WorkList(plan);
        work.Added(3);
        work.Added(5);

        var waiting = Task.Run(() => work.WaitForTurn(5, 2));

        work.WaitForTurn(3, 1); // slice 0 is in rows 3: their slice 1 may go
        waiting.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse("only slice 0 is in rows 5");
        work.Added(3);
        waiting.Wait(TimeSpan.FromMilliseconds(100)).Should().BeFalse("rows 3 do not count for rows 5");
        work.Added(5);
        waiting.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
    }
}
